import path from 'node:path'
import { createPatchEngine, instrumentOnLoad } from '@mighty-patcher/core/engine'
import { createAttemptController, exportsInScope, type FileActions } from '@mighty-patcher/core/worker'
import { ENV_DIR } from '../shared/env.js'
import { runControl } from '../shared/run-control.js'
import { typeCheckingTsJest } from '../ts-jest/compiler.js'
import { createJestAdapter } from './adapter.js'
import { connectToMain, type MainConnection } from './channel.js'
import { followV8Coverage } from './coverage.js'
import { describeJestError, errorOf, formatFailure, fullName } from './failure.js'
import { loadMessageUtil, resolveTransformModule } from './jest-modules.js'
import type { EnvironmentLike, ProjectConfigLike, RuntimeLike } from './jest-types.js'
import { type Decision, installRetryControl } from './retries.js'
import { accessRuntime, asTestCode, followRequires } from './runtime-access.js'
import { followStackMaps } from './stack-maps.js'

// One test file's side of the loop, as far as it is Jest's: circus re-runs a failed test (retries.ts), a failure
// is described as Jest's reporter shows it, and the status line is muted while the prompt owns the terminal. What to
// do with a failed attempt (pause, re-run, inspect) is core's attempt controller. `q` and `r` end this file early; the
// file runner (main/file-runner.ts) then ends the run or runs the file again.

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
  const root = process.env[ENV_DIR] || config.rootDir
  // CommonJS modules and, with --experimental-vm-modules, ES modules (their namespaces)
  const registryModules = () => [
    ...[...access.registry()].map(([file, module]) => ({ file, exports: module.exports })),
    ...access.esModules().map(([file, namespace]) => ({ file, exports: namespace })),
  ]
  const requiredByTest = followRequires(runtime, testPath)
  /** The registry's files whose exports the test file required itself: their names come first at the prompt. */
  const testImports = () => {
    const required = requiredByTest()
    return new Set(registryModules().flatMap(({ file, exports }) => (required.has(exports) ? [file] : [])))
  }
  const messages = loadMessageUtil(config.rootDir)
  let main: MainConnection | undefined
  const control = runControl()
  const steerable = 'this run was not started by jest-reload or withReloadLoop (no file runner)'
  // what the file runner (main/file-runner.ts) does once this file's run ends: end the run, or run the file again
  const fileActions: FileActions = {
    keepFailure: () => {},
    endRun() {
      if (control.fileRunner) control.quit = true
      else notify(`quit: ${steerable}: later test files still run`)
    },
    restartFile: () => void control.restart.add(testPath),
  }
  const adapter = createJestAdapter({
    environment,
    runtime,
    access,
    testPath,
    setupFiles: [...(config.setupFiles ?? []), ...(config.setupFilesAfterEnv ?? [])],
    followStackMap: followStackMaps(runtime, config.rootDir),
  })
  // modules are instrumented as jest-runtime compiles them, and saves patch their records (docs/architecture.md,
  // "Patches as data")
  const engine = createPatchEngine(adapter)
  const controller = createAttemptController({
    adapter,
    engine,
    root,
    scope: () => exportsInScope(registryModules(), root, testImports()),
    connect: async (functions) => {
      main = await connectToMain(functions)
      return main
    },
    asTestCode: (run) => asTestCode(runtime, run),
    statusLine: { hold: () => main?.holdStatus(), release: () => main?.releaseStatus() },
    beforeInspect: offerTransform,
    restart: control.fileRunner || steerable,
  })
  // the session starts with the test file: its thread, its watcher and the status mute are ready by the first failure;
  // the engine's parser too, for jest-runtime compiles synchronously
  await Promise.all([controller.connect(), engine.ready()])
  const instrument = instrumentOnLoad(engine, { root, isTestFile: (file) => file === testPath, warn: notify })
  // before the test file is required: it and every module it loads from the reload dir run instrumented
  let unhook: (() => void) | undefined
  try {
    unhook = access.beforeCompile((file, code) => instrument(file, code) as string)
  } catch (error) {
    controller.close()
    throw error
  }
  followV8Coverage(runtime, engine, access.codeStart, notify)

  installRetryControl(environment, {
    beforeAttempt: async (test) => void (await controller.beforeAttempt(test)),
    afterAttempt: (test) => controller.afterAttempt(test),
    async decide(test): Promise<Decision> {
      offerTypeCheck()
      let decided: Decision = 'keep-failure'
      await controller.failed(
        test,
        {
          testName: fullName(test),
          testFile: testPath,
          attempt: test.invocations,
          errors: formatFailure(test, { config, testPath, messages }),
          error: errorOf(test.errors[0]),
        },
        {
          rerun() {
            decided = 'rerun'
            if (!access.retriesImmediately)
              notify(`Jest 29 re-runs "${fullName(test)}" after the rest of its describe block`)
          },
          keepFailure: () => {},
          endRun() {
            fileActions.endRun()
            decided = 'stop-file'
          },
          restartFile() {
            fileActions.restartFile()
            decided = 'stop-file'
          },
        },
      )
      return decided
    },
    onOwnRetries: () => notify('this test file calls jest.retryTimes(): the reload loop leaves its failures alone'),
  })

  /** Saves while stopped are transformed by Jest's transformer on the session's thread (this one is stopped). */
  function offerTransform(): void {
    const transformModule = resolveTransformModule(config.rootDir)
    if (transformModule) main?.offerTransform({ transformModule, config, options: access.transformOptions(false) })
  }

  /**
   * At each pause: when ts-jest type-checks this project, saves are patched from a transpile-only compile and checked
   * after the patch on a thread of the session's (docs/architecture.md, "Jest: ts-jest"); offered now, so that thread
   * warms up while the person reads the failure.
   */
  function offerTypeCheck(): void {
    const options = access.transformOptions(false)
    const transformer = access.transformer()
    if (!typeCheckingTsJest(transformer, testPath, options)) return
    const transformModule = resolveTransformModule(config.rootDir)
    if (!transformModule || !main) return
    main.offerTypeCheck({ transformModule, config, options }, testPath)
  }

  return {
    /**
     * The test file did not load (after `r`: an import deleted since, a syntax error): a pause on that, as on a failed
     * test. `c` or `r` runs the file again once this run ends; `q` ends the run; `s` lets it fail.
     */
    async loadFailed(error: unknown, attempt: number) {
      const shown = path.relative(config.rootDir, testPath)
      await controller.loadFailed(
        {},
        {
          testName: `${shown} (loading it)`,
          testFile: testPath,
          attempt,
          errors: [describeJestError(error, { config, testPath, messages })],
          error,
        },
        fileActions,
      )
    },
    stop() {
      unhook?.()
      controller.close()
    },
  }
}
