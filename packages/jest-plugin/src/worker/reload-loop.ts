import type { PauseAction } from '@mighty-patcher/core/shared'
import type { InspectOutcome } from '@mighty-patcher/core/worker'
import {
  armInspector,
  createPatchEngine,
  exportsInScope,
  type InspectedAttempt,
  inspectUnavailable,
} from '@mighty-patcher/core/worker'
import { ENV_DIR } from '../shared/env.js'
import { createJestAdapter } from './adapter.js'
import { connectToMain } from './channel.js'
import { evaluateIn } from './evaluate.js'
import { errorOf, formatFailure, fullName } from './failure.js'
import { loadMessageUtil, resolveTransformModule } from './jest-modules.js'
import type { CircusTest, EnvironmentLike, ProjectConfigLike, RuntimeLike } from './jest-types.js'
import { type Decision, installRetryControl } from './retry-control.js'
import { accessRuntime, asTestCode } from './runtime-access.js'

// One test file's side of the loop: a failure pauses in `test_done` and asks main what to do; while paused, main
// patches saves into this file's modules and evaluates lines typed at the prompt; `continue` re-runs the test.
// `inspect` re-runs it with the inspector armed (issue 5): a helper thread stops this thread at the throw, and the
// session — on a thread of its own — serves the stop prompt meanwhile.

export interface ReloadLoopOptions {
  config: ProjectConfigLike
  environment: EnvironmentLike
  runtime: RuntimeLike
  testPath: string
  /** One line for the person (the worker shares the terminal in band). */
  notify(line: string): void
}

type Expected = { name: string; message: string; stack?: string }

export async function startReloadLoop({ config, environment, runtime, testPath, notify }: ReloadLoopOptions) {
  const access = accessRuntime(runtime)
  const root = process.env[ENV_DIR] || config.rootDir
  const registryModules = () => [...access.registry()].map(([file, module]) => ({ file, exports: module.exports }))
  const adapter = createJestAdapter({ environment, runtime, access, testPath })
  const engine = createPatchEngine(adapter)
  const messages = loadMessageUtil(config.rootDir)
  let failure: unknown
  const main = await connectToMain({
    patch: (changed, deleted) => asTestCode(runtime, () => engine.patch(changed, deleted)),
    evaluate: (expression) =>
      asTestCode(runtime, () =>
        evaluateIn(environment.getVmContext() ?? {}, expression, failure, exportsInScope(registryModules(), root)),
      ),
  })
  const { channel } = main
  // `i` at the pause: the next attempt of that test (and only that one) runs with the inspector armed
  const inspectNext = new Map<CircusTest, Expected>()
  const inspecting = new Map<CircusTest, { attempt?: InspectedAttempt; why?: string }>()
  const outcomes = new Map<CircusTest, InspectOutcome>()

  async function pause(test: CircusTest, notes: string[]): Promise<PauseAction> {
    main.holdStatus()
    try {
      return await channel.main.pause({
        testName: fullName(test),
        testFile: testPath,
        attempt: test.invocations,
        errors: formatFailure(test, { config, testPath, messages }),
        pid: process.pid,
        inspect: inspectUnavailable() ?? true,
        notes,
      })
    } finally {
      main.releaseStatus()
    }
  }

  installRetryControl(environment, {
    async beforeAttempt(test) {
      const expected = inspectNext.get(test)
      if (!expected) return
      inspectNext.delete(test)
      // the reporter's redraw would scribble over the stop prompt: muted until the attempt is over
      main.holdStatus()
      offerTransform()
      try {
        const attempt = await armInspector(
          { port: main.port, token: main.token, adapter },
          { testName: fullName(test), testFile: testPath, root, expected },
        )
        inspecting.set(test, { attempt })
      } catch (error) {
        inspecting.set(test, { why: `inspect could not start: ${(error as Error).message}` })
      }
    },
    async afterAttempt(test) {
      const inspected = inspecting.get(test)
      if (!inspected) return
      inspecting.delete(test)
      try {
        outcomes.set(test, (await inspected.attempt?.finish()) ?? { stopped: false, why: inspected.why ?? '' })
      } finally {
        main.releaseStatus()
      }
    },
    async decide(test): Promise<Decision> {
      const outcome = outcomes.get(test)
      outcomes.delete(test)
      if (outcome?.stopped) {
        // the person already chose at the stop; the saves made while stopped are patched now, before the re-run
        if (outcome.action !== 'continue') return 'keep-failure'
        await channel.main.sync()
        return rerun(test)
      }
      failure = errorOf(test.errors[0])
      const notes = outcome ? [outcome.why.startsWith('inspect') ? outcome.why : `inspect: ${outcome.why}`] : []
      const action = await pause(test, notes)
      const expected = expectedOf(failure)
      failure = undefined
      if (action === 'inspect') inspectNext.set(test, expected)
      else if (action !== 'continue') return 'keep-failure'
      return rerun(test)
    },
    onOwnRetries: () => notify('this test file calls jest.retryTimes(): the reload loop leaves its failures alone'),
  })

  /** Saves while stopped are live-edited with Jest's transform, run on the session's thread (this one is stopped). */
  function offerTransform(): void {
    const transformModule = resolveTransformModule(config.rootDir)
    if (transformModule) main.offerTransform({ transformModule, config, options: access.transformOptions(false) })
  }

  function rerun(test: CircusTest): Decision {
    if (!access.retriesImmediately) notify(`Jest 29 re-runs "${fullName(test)}" after the rest of its describe block`)
    return 'rerun'
  }

  return {
    stop() {
      channel.close()
      engine.dispose()
    },
  }
}

/** What the inspected attempt must throw again to be stopped at (errors come from the sandbox realm). */
function expectedOf(error: unknown): Expected {
  const { name, message, stack } = (error ?? {}) as { name?: unknown; message?: unknown; stack?: unknown }
  return {
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : String(message ?? ''),
    stack: typeof stack === 'string' ? stack : undefined,
  }
}
