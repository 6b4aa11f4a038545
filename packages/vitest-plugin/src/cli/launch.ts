import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { reloadLoop } from '../main/config.js'

// Starts the project's own Vitest. Test commands go through Vitest's node API so our plugin can be added without a
// config change (a Vite plugin cannot be named on Vitest's command line); everything else — help, version, bench, init,
// list, and runs with the loop off — goes to Vitest's own CLI untouched (docs/architecture.md, "Vitest: the CLI").

type VitestNode = typeof import('vitest/node')

const OTHER_COMMANDS = new Set(['bench', 'init', 'list'])

export function projectRequire(): NodeJS.Require {
  return createRequire(path.join(process.cwd(), 'package.json'))
}

/** The user's `vitest` package directory (their version, not ours). */
export function vitestDir(): string {
  return path.dirname(projectRequire().resolve('vitest/package.json'))
}

/** The version of the user's `vitest`. */
export function installedVitestVersion(): string | undefined {
  return (projectRequire()('vitest/package.json') as { version?: string }).version
}

export async function runVitestCli(args: string[]): Promise<void> {
  process.argv = [process.argv[0]!, path.join(vitestDir(), 'vitest.mjs'), ...args]
  await import(pathToFileURL(path.join(vitestDir(), 'dist', 'cli.js')).href)
}

/** True for a test run (`vitest`, `vitest run`, `vitest watch src`…), the only commands the loop serves. */
export function isTestCommand(args: string[]): boolean {
  if (args.some((a) => a === '-h' || a === '--help' || a === '-v' || a === '--version')) return false
  const command = args[0]?.startsWith('-') ? undefined : args[0]
  return !(command && OTHER_COMMANDS.has(command))
}

export async function runVitestWithLoop(args: string[], dir: string | undefined): Promise<void> {
  const vitest: VitestNode = await import(pathToFileURL(projectRequire().resolve('vitest/node')).href)
  let parsed: ReturnType<VitestNode['parseCLI']>
  try {
    parsed = vitest.parseCLI(['vitest', ...args])
  } catch (error) {
    console.error(error instanceof Error ? error.message : error) // e.g. an unknown option, as Vitest says it
    process.exit(1)
  }
  const { filter, options } = parsed
  if (options.exclude) {
    ;(options as { cliExclude?: unknown }).cliExclude = [options.exclude].flat()
    delete options.exclude
  }
  if (filter.some((f) => f.includes(':'))) options.includeTaskLocation ??= true
  try {
    const ctx = await vitest.startVitest('test', filter, options, {
      plugins: [reloadLoop({ enabled: true, ...(dir && { dir }) })],
    })
    if (!ctx.shouldKeepServer()) await ctx.exit()
  } catch (error) {
    console.error('\n Startup Error\n')
    console.error(error)
    process.exitCode ??= 1
    process.exit()
  }
}
