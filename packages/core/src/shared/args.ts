import { PREFIX } from './messages.js'
export interface ReloadArgs {
  /** The argv without our flags, to hand to the runner. */
  args: string[]
  /** `--reload-loop` → true, `--no-reload-loop` → false, absent → undefined. The last one wins. */
  reloadLoop: boolean | undefined
  reloadDir: string | undefined
}

const LOOP = new Set(['--reload-loop', '--reloadLoop'])
const NO_LOOP = new Set(['--no-reload-loop', '--no-reloadLoop'])
const DIR = new Set(['--reload-dir', '--reloadDir'])

/** Takes our flags out of a runner's argv. Everything after a literal `--` belongs to the runner/test and is kept. */
export function parseReloadArgs(argv: string[]): ReloadArgs {
  let reloadLoop: boolean | undefined
  let reloadDir: string | undefined
  const args = takeArgs(argv, (flag, value, next) => {
    if (LOOP.has(flag)) reloadLoop = value === undefined ? true : parseBoolean(flag, value)
    else if (NO_LOOP.has(flag) && value === undefined) reloadLoop = false
    else if (DIR.has(flag)) {
      const dir = value ?? next()
      if (!dir || dir === '--' || (value === undefined && dir.startsWith('--'))) {
        throw new Error(`${PREFIX} ${flag} needs a directory`)
      }
      reloadDir = dir
    } else return false
    return true
  })
  return { args, reloadLoop, reloadDir }
}

/**
 * Walks argv up to a literal `--` (what follows belongs to the runner or the tests): `take` sees each option split at
 * `=`, may consume the next argument as its value, and returns true for what it took. Returns the rest, in order.
 */
export function takeArgs(
  argv: string[],
  take: (flag: string, value: string | undefined, next: () => string | undefined) => boolean,
): string[] {
  const rest: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') return [...rest, ...argv.slice(i)]
    const eq = arg.indexOf('=')
    const taken = take(eq === -1 ? arg : arg.slice(0, eq), eq === -1 ? undefined : arg.slice(eq + 1), () => argv[++i])
    if (!taken) rest.push(arg)
  }
  return rest
}

function parseBoolean(flag: string, value: string): boolean {
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  throw new Error(`${PREFIX} ${flag} expects true or false, got "${value}"`)
}
