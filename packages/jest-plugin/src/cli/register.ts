import path from 'node:path'
import { launchThisProcess } from './launch.js'

// `NODE_OPTIONS=--import=@mighty-patcher/jest-plugin/register jest --reload-loop --reload-dir src`: rewrites
// process.argv before jest-cli reads it, so the literal `jest` behaves like `jest-reload`. NODE_OPTIONS reaches
// every node process (jest workers, tools the tests spawn): only Jest's own CLI is touched.

const JEST_BIN = /[\\/]jest(-cli)?[\\/]bin[\\/]jest(\.js)?$/

function isJestCli(script: string | undefined): boolean {
  return !!script && (JEST_BIN.test(script) || path.basename(script) === 'jest')
}

if (isJestCli(process.argv[1])) {
  try {
    process.argv.splice(2, process.argv.length - 2, ...launchThisProcess())
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`)
    process.exit(1)
  }
}
