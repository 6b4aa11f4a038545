import { PREFIX } from '@mighty-patcher/core/shared'
import { projectRequire } from '../shared/jest-require.js'

/** jest-cli's entry: parses argv, validates it, runs, and sets the exit code. */
export interface JestCli {
  run(argv?: string[]): Promise<void>
}

/** The person's own Jest, resolved from their project, so their version runs (never a copy of ours). */
export function loadUserJest(cwd: string): JestCli {
  const load = projectRequire(cwd)
  for (const name of ['jest', 'jest-cli']) {
    try {
      const cli = load(name) as Partial<JestCli>
      if (typeof cli.run === 'function') return cli as JestCli
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error
    }
  }
  throw new Error(`${PREFIX} could not find jest from ${cwd}: install jest (or jest-cli) in this project`)
}

/** The Jest versions the loop is proven on (e2e), as in this package's peer range. */
export const SUPPORTED_JEST = '^29.7.0 || ^30.0.0'

/** The version of the person's Jest, or undefined when none is found. */
export function installedJestVersion(cwd: string): string | undefined {
  const load = projectRequire(cwd)
  for (const name of ['jest/package.json', 'jest-cli/package.json']) {
    try {
      return (load(name) as { version?: string }).version
    } catch {}
  }
  return undefined
}
