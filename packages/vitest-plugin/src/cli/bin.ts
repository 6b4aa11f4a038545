import { decideActivation, disabledLine, parseReloadArgs } from '@mighty-patcher/core/shared'
import { ENV_DIR, ENV_LOOP, SUPPORTED_VITEST } from '../shared/env.js'
import { installedVitestVersion, isTestCommand, runVitestCli, runVitestWithLoop } from './launch.js'

// `vitest-reload [--reload-loop] [--reload-dir <dir>] [vitest args…]`: Vitest rejects unknown flags before any plugin
// loads, so ours are taken out here and everything else reaches Vitest unchanged.

export async function runReloadCli(argv: string[]): Promise<void> {
  const { args, reloadLoop, reloadDir } = parseReloadArgs(argv)
  if (!reloadLoop || !isTestCommand(args)) return runVitestCli(args)
  const runner = { name: 'Vitest', version: installedVitestVersion(), supported: SUPPORTED_VITEST }
  // outside the supported range the run is Vitest's own CLI, untouched
  const activation = decideActivation({ requested: true, watchOwnsStdin: false, runner })
  if (!activation.enabled) {
    console.log(disabledLine(activation.reason))
    return runVitestCli(args)
  }
  process.env[ENV_LOOP] = '1'
  if (reloadDir) process.env[ENV_DIR] = reloadDir
  return runVitestWithLoop(args, reloadDir)
}
