import { errorMessage } from '@mighty-patcher/core/shared'
import { launchThisProcess } from './launch.js'
import { loadUserJest } from './user-jest.js'

// `jest-reload [--reload-loop] [--reload-dir <dir>] [jest args…]`: our flags out, the rest to the person's Jest.

async function main(): Promise<void> {
  const args = launchThisProcess()
  process.env.NODE_ENV ??= 'test' // what jest-cli's own bin does
  // jest-cli sets process.exitCode itself (readResultsAndExit), so the run's exit code is preserved
  await loadUserJest(process.cwd()).run(args)
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorMessage(error)}\n`)
  process.exitCode = 1
})
