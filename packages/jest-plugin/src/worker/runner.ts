import { decideActivation, disabledLine, errorMessage, PREFIX } from '@mighty-patcher/core/shared'
import { ENV_BASE_RUNNER, ENV_LOOP } from '../shared/env.js'
import { runControl } from '../shared/run-control.js'
import { loadBaseRunner } from './jest-modules.js'
import type { TestFramework } from './jest-types.js'
import { startReloadLoop } from './loop.js'

// The `testRunner` jest-runner calls per test file. It is the one place Jest hands out the test file's Runtime
// (docs/architecture.md, "Jest: the module registry"), and it gets the environment after setup() but before jest-circus
// registers the environment's handleTestEvent — so the loop works with any testEnvironment (node, jsdom, custom,
// docblock).

const NOTICE = Symbol.for('mighty-patcher.jest.runnerNotice')

// Not an async function: an awaiting frame of ours would show up in every failure's stack trace.
const reloadLoopRunner: TestFramework = (globalConfig, config, environment, runtime, testPath, ...rest) => {
  const base = loadBaseRunner(config.rootDir, process.env[ENV_BASE_RUNNER])
  const run = () => base(globalConfig, config, environment, runtime, testPath, ...rest)
  const activation = decideActivation({
    requested: process.env[ENV_LOOP] === '1',
    // in a jest-worker child stdin is a pipe: the loop needs --runInBand to own the terminal
    watchOwnsStdin: !!(globalConfig.watch || globalConfig.watchAll),
  })
  if (!activation.enabled) {
    if (activation.reason !== 'not requested') noticeOnce(disabledLine(hint(activation.reason)))
    return run()
  }
  const control = runControl()
  const restarted = control.restarted.delete(testPath)
  return startReloadLoop({ config, environment, runtime, testPath, notify: say }).then(
    (loop) =>
      run()
        .then((result) => {
          control.failedLoads.delete(testPath)
          return result
        })
        // after `r`, a file that does not load pauses on that (then runs again, or fails as it would)
        .catch(async (error: unknown) => {
          if (!restarted) throw error
          const attempt = (control.failedLoads.get(testPath) ?? 0) + 1
          control.failedLoads.set(testPath, attempt)
          await loop.loadFailed(error, attempt)
          throw error
        })
        .finally(() => loop.stop()),
    // e.g. no terminal to open for the session: the tests run as they would without the loop
    (error: unknown) => {
      noticeOnce(disabledLine(errorMessage(error)))
      return run()
    },
  )
}

export default reloadLoopRunner

function hint(reason: string): string {
  return reason === 'stdin is not a TTY' ? `${reason} (tests run in worker processes: use --runInBand)` : reason
}

function say(line: string): void {
  process.stderr.write(`${PREFIX} ${line}\n`)
}

function noticeOnce(line: string): void {
  const holder = globalThis as { [NOTICE]?: boolean }
  if (holder[NOTICE]) return
  holder[NOTICE] = true
  process.stderr.write(`${line}\n`)
}
