import path from 'node:path'
import { decideActivation, disabledLine } from '@mighty-patcher/core/shared'
import { ENV_BASE_RUNNER, ENV_DIR, ENV_LOOP } from '../shared/env.js'
import { RUNNER_PATH } from './launch.js'
import { installedJestVersion, SUPPORTED_JEST } from './user-jest.js'

/** The config keys the helper reads or sets; everything else passes through untouched. */
export interface ReloadLoopConfig {
  rootDir?: string
  testRunner?: string
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
    const holder = globalThis as { [NOTICE]?: boolean }
    // a config may be evaluated more than once per run: one line is enough
    if (activation.reason !== 'not requested' && !holder[NOTICE]) {
      holder[NOTICE] = true
      process.stderr.write(`${disabledLine(activation.reason)}\n`)
    }
    if (activation.reason !== 'not requested') process.env[ENV_LOOP] = '0'
    return config
  }
  const rootDir = config.rootDir ?? process.cwd()
  process.env[ENV_DIR] = path.resolve(rootDir, process.env[ENV_DIR] ?? '.')
  if (config.testRunner && config.testRunner !== RUNNER_PATH) {
    process.env[ENV_BASE_RUNNER] = config.testRunner.startsWith('.')
      ? path.resolve(rootDir, config.testRunner)
      : config.testRunner
  }
  // maxWorkers 1 is how a config makes Jest run in band (`runInBand` is CLI-only)
  return { ...config, testRunner: RUNNER_PATH, maxWorkers: 1 }
}
