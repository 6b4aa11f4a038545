import path from 'node:path'
import { decideActivation, disabledLine, enabledLine } from '@mighty-patcher/core/shared'
import { FILE_RUNNER_PATH, RUNNER_PATH } from '../cli/launch.js'
import { installedJestVersion, SUPPORTED_JEST } from '../cli/user-jest.js'
import { ENV_BASE_FILE_RUNNER, ENV_BASE_RUNNER, ENV_DIR, ENV_LOOP } from '../shared/env.js'

/** The config keys the helper reads or sets; everything else passes through untouched. */
export interface ReloadLoopConfig {
  rootDir?: string
  testRunner?: string
  runner?: string
  maxWorkers?: number | string
}

const WATCH = /^--watch(All)?(=(?!false$|0$).*)?$/
const NOTICE = Symbol.for('mighty-patcher.jest.configNotice')

/**
 * `export default withReloadLoop({ ... })` in jest.config: with `JEST_RELOAD_LOOP=1` (and `JEST_RELOAD_DIR`), the
 * plain `jest` command runs the reload loop, in band, with the configured testRunner wrapped. Without the variable
 * the config is returned as it was.
 */
export function withReloadLoop<T extends ReloadLoopConfig>(config: T): T {
  const activation = decideActivation({
    requested: process.env[ENV_LOOP] === '1',
    watchOwnsStdin: process.argv.some((arg) => WATCH.test(arg)),
    runner: { name: 'Jest', version: installedJestVersion(config.rootDir ?? process.cwd()), supported: SUPPORTED_JEST },
  })
  if (!activation.enabled) {
    if (activation.reason !== 'not requested') sayOnce(disabledLine(activation.reason))
    if (activation.reason !== 'not requested') process.env[ENV_LOOP] = '0'
    return config
  }
  const rootDir = config.rootDir ?? process.cwd()
  process.env[ENV_DIR] = path.resolve(rootDir, process.env[ENV_DIR] ?? '.')
  sayOnce(enabledLine(process.env[ENV_DIR], process.cwd()))
  const resolved = (id: string) => (id.startsWith('.') ? path.resolve(rootDir, id) : id)
  if (config.testRunner && config.testRunner !== RUNNER_PATH) process.env[ENV_BASE_RUNNER] = resolved(config.testRunner)
  if (config.runner && config.runner !== FILE_RUNNER_PATH) process.env[ENV_BASE_FILE_RUNNER] = resolved(config.runner)
  // maxWorkers 1 is how a config makes Jest run in band (`runInBand` is CLI-only)
  return { ...config, testRunner: RUNNER_PATH, runner: FILE_RUNNER_PATH, maxWorkers: 1 }
}

/** A config may be evaluated more than once per run: one line is enough. */
function sayOnce(line: string): void {
  const holder = globalThis as { [NOTICE]?: boolean }
  if (holder[NOTICE]) return
  holder[NOTICE] = true
  process.stderr.write(`${line}\n`)
}
