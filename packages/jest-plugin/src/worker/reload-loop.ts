import { createPatchEngine } from '@mighty-patcher/core/worker'
import { createJestAdapter } from './adapter.js'
import { connectToMain } from './channel.js'
import { evaluateIn } from './evaluate.js'
import { errorOf, formatFailure, fullName } from './failure.js'
import { loadMessageUtil } from './jest-modules.js'
import type { EnvironmentLike, ProjectConfigLike, RuntimeLike } from './jest-types.js'
import { type Decision, installRetryControl } from './retry-control.js'
import { accessRuntime, asTestCode } from './runtime-access.js'

// One test file's side of the loop: a failure pauses in `test_done` and asks main what to do; while paused, main
// patches saves into this file's modules and evaluates lines typed at the prompt; `continue` re-runs the test.

export interface ReloadLoopOptions {
  config: ProjectConfigLike
  environment: EnvironmentLike
  runtime: RuntimeLike
  testPath: string
  /** One line for the person (the worker shares the terminal in band). */
  notify(line: string): void
}

export async function startReloadLoop({ config, environment, runtime, testPath, notify }: ReloadLoopOptions) {
  const access = accessRuntime(runtime)
  const engine = createPatchEngine(createJestAdapter({ environment, runtime, access, testPath }))
  const messages = loadMessageUtil(config.rootDir)
  let failure: unknown
  const channel = await connectToMain({
    patch: (files) => asTestCode(runtime, () => engine.patch(files)),
    evaluate: (expression) =>
      asTestCode(runtime, () => evaluateIn(environment.getVmContext() ?? {}, expression, failure)),
  })

  installRetryControl(environment, {
    async decide(test): Promise<Decision> {
      failure = errorOf(test.errors[0])
      const action = await channel.main.pause({
        testName: fullName(test),
        testFile: testPath,
        attempt: test.invocations,
        errors: formatFailure(test, { config, testPath, messages }),
        pid: process.pid,
      })
      failure = undefined
      if (action !== 'continue') return 'keep-failure'
      if (!access.retriesImmediately) notify(`Jest 29 re-runs "${fullName(test)}" after the rest of its describe block`)
      return 'rerun'
    },
    onOwnRetries: () => notify('this test file calls jest.retryTimes(): the reload loop leaves its failures alone'),
  })

  return {
    stop() {
      channel.close()
      engine.dispose()
    },
  }
}
