import { ENV_BASE_FILE_RUNNER } from '../shared/env.js'
import { loadJestModule } from '../shared/jest-require.js'
import { runControl } from '../shared/run-control.js'

// Jest's `runner` (the level above the testRunner: it runs test files and tells the scheduler each file's result),
// wrapping the person's own, by default jest-runner (docs/architecture.md, "Jest: pausing and re-running"). It is
// where a run can be ended and a file run again:
// - `q`: once the scheduler has counted the file that quit, the run is interrupted — jest-runner starts no further
//   file and the summary shows what ran;
// - `r`: the file's result is not passed on; the file runs again through the same runner, as Jest runs any file
//   (fresh environment, module registry, setup files, beforeAll), and only that result is counted.

interface Test {
  path: string
}
interface Watcher {
  setState(state: { interrupted: boolean }): Promise<void> | void
}
type Listener = (payload: [Test, unknown]) => unknown
interface BaseRunner {
  readonly isSerial?: boolean
  readonly supportsEventEmitters?: boolean
  runTests(tests: Test[], watcher: Watcher, ...rest: unknown[]): Promise<void>
  on?(event: string, listener: Listener): () => void
}
type BaseRunnerClass = new (...args: unknown[]) => BaseRunner

/** Once a file's run ended (a result or a failure to run): what the scheduler must not see, and when to stop. */
const FILE_ENDS = new Set(['test-file-success', 'test-file-failure'])

export default class ReloadLoopFileRunner {
  readonly isSerial: boolean | undefined
  readonly supportsEventEmitters: boolean | undefined
  readonly #base: BaseRunner
  #run: { watcher: Watcher; rest: unknown[] } | undefined

  constructor(globalConfig: { rootDir: string }, ...rest: unknown[]) {
    const Base = loadBaseFileRunner(globalConfig.rootDir, process.env[ENV_BASE_FILE_RUNNER])
    this.#base = new Base(globalConfig, ...rest)
    this.isSerial = this.#base.isSerial
    this.supportsEventEmitters = this.#base.supportsEventEmitters
    // a runner that reports through callbacks cannot be steered: `r` and `q` then say so at the prompt
    runControl().fileRunner = this.#base.supportsEventEmitters === true
  }

  runTests(tests: Test[], watcher: Watcher, ...rest: unknown[]): Promise<void> {
    this.#run = { watcher, rest }
    return this.#base.runTests(tests, watcher, ...rest)
  }

  on(event: string, listener: Listener): () => void {
    const base = this.#base
    if (!base.on) throw new Error('mighty-patcher: this Jest runner has no events')
    if (!FILE_ENDS.has(event)) return base.on(event, listener)
    return base.on(event, async (payload) => {
      const [test] = payload
      const control = runControl()
      if (control.restart.delete(test.path) && this.#run) {
        // the first run is dropped: this one's events reach the scheduler in its place
        control.restarted.add(test.path)
        await base.runTests([test], this.#run.watcher, ...this.#run.rest)
        return
      }
      await listener(payload)
      if (control.quit) await this.#run?.watcher.setState({ interrupted: true })
    })
  }
}

/** The person's `--runner` (JEST_RELOAD_BASE_FILE_RUNNER), else their Jest's jest-runner. */
function loadBaseFileRunner(rootDir: string, configured: string | undefined): BaseRunnerClass {
  return loadJestModule<BaseRunnerClass>(rootDir, configured, 'jest-runner')
}
