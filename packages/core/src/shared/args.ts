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
  const args: string[] = []
  let reloadLoop: boolean | undefined
  let reloadDir: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') {
      args.push(...argv.slice(i))
      break
    }
    const eq = arg.indexOf('=')
    const flag = eq === -1 ? arg : arg.slice(0, eq)
    const value = eq === -1 ? undefined : arg.slice(eq + 1)
    if (LOOP.has(flag)) reloadLoop = value === undefined ? true : parseBoolean(flag, value)
    else if (NO_LOOP.has(arg)) reloadLoop = false
    else if (DIR.has(flag)) {
      const dir = value ?? argv[++i]
      if (!dir || dir === '--' || (value === undefined && dir.startsWith('--'))) {
        throw new Error(`[mighty-patcher] ${flag} needs a directory`)
      }
      reloadDir = dir
    } else args.push(arg)
  }
  return { args, reloadLoop, reloadDir }
}

function parseBoolean(flag: string, value: string): boolean {
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  throw new Error(`[mighty-patcher] ${flag} expects true or false, got "${value}"`)
}
