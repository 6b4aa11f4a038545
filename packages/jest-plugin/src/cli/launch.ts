import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { decideActivation, disabledLine, enabledLine, parseReloadArgs, takeArgs } from '@mighty-patcher/core/shared'
import { spawnHostThread, startEarly } from '../main/host-spawn.js'
import { ENV_BASE_FILE_RUNNER, ENV_BASE_RUNNER, ENV_DIR, ENV_LOOP } from '../shared/env.js'
import { installedJestVersion, SUPPORTED_JEST } from './user-jest.js'

// What the bin and the preload do before Jest parses its argv: take our flags out (jest-cli rejects unknown flags),
// decide whether the loop may own the terminal, and when it may, make the run in-band with our test runner and our
// file runner (which ends the run on `q` and runs a file again on `r`).

export interface LaunchInput {
  argv: string[]
  cwd: string
  env: NodeJS.ProcessEnv
  stdin: { isTTY?: boolean }
  stdout: { isTTY?: boolean }
  /** The person's Jest version: outside the supported range the loop is off and the run is Jest's own. */
  jestVersion: string | undefined
}

export interface LaunchPlan {
  /** The argv to hand to jest-cli. */
  args: string[]
  enabled: boolean
  /** The one line to print: the loop is on (and where it watches), or it was asked for but is off. */
  notice?: string
  /** Variables to set in this process before Jest starts (jest-worker children inherit them). */
  env: Record<string, string>
}

/** The runner jest-runner loads per test file; it wraps the person's runner (default jest-circus). */
// resolved through the package's own exports: bundling moves this code into shared chunks, so no relative paths
export const RUNNER_PATH = fileURLToPath(import.meta.resolve('@mighty-patcher/jest-plugin/internal/runner'))
/** The runner Jest's scheduler uses per project (`--runner`); it wraps the person's (default jest-runner). */
export const FILE_RUNNER_PATH = fileURLToPath(import.meta.resolve('@mighty-patcher/jest-plugin/internal/file-runner'))

const WATCH = /^--watch(All)?(=(?!false$|0$).*)?$/
const IN_BAND = /^(-i|--runInBand|--run-in-band)(=(?!false$).*)?$/

export function planLaunch({ argv, cwd, env, stdin, stdout, jestVersion }: LaunchInput): LaunchPlan {
  const { args, reloadLoop, reloadDir } = parseReloadArgs(argv)
  const requested = reloadLoop ?? (env[ENV_LOOP] === '1' ? true : undefined)
  const activation = decideActivation({
    requested,
    env,
    stdin,
    stdout,
    watchOwnsStdin: args.some((arg) => WATCH.test(arg)),
    runner: { name: 'Jest', version: jestVersion, supported: SUPPORTED_JEST },
  })
  if (!activation.enabled) {
    const notice = activation.reason === 'not requested' ? undefined : disabledLine(activation.reason)
    return { args, enabled: false, env: { [ENV_LOOP]: '0' }, ...(notice ? { notice } : {}) }
  }
  const withoutTestRunner = takeOption(args, TEST_RUNNER)
  const { args: rest, value: runner } = takeOption(withoutTestRunner.args, RUNNER)
  const inBand = rest.some((arg) => IN_BAND.test(arg)) ? [] : ['--runInBand']
  const watchRoot = path.resolve(cwd, reloadDir ?? env[ENV_DIR] ?? '.')
  const planned: LaunchPlan = {
    args: [...rest, ...inBand, `--testRunner=${RUNNER_PATH}`, `--runner=${FILE_RUNNER_PATH}`],
    enabled: true,
    notice: enabledLine(watchRoot, cwd),
    env: { [ENV_LOOP]: '1', [ENV_DIR]: watchRoot },
  }
  // the person's own --testRunner and --runner still run the tests: ours wrap them
  const resolved = (id: string) => (id.startsWith('.') ? path.resolve(cwd, id) : id)
  if (withoutTestRunner.value) planned.env[ENV_BASE_RUNNER] = resolved(withoutTestRunner.value)
  if (runner) planned.env[ENV_BASE_FILE_RUNNER] = resolved(runner)
  return planned
}

const TEST_RUNNER = new Set(['--testRunner', '--test-runner'])
const RUNNER = new Set(['--runner'])

/** Takes one option (`--name value` or `--name=value`, the last one wins) out of argv, up to `--`. */
function takeOption(argv: string[], names: ReadonlySet<string>): { args: string[]; value?: string } {
  let value: string | undefined
  const args = takeArgs(argv, (flag, inline, next) => {
    if (!names.has(flag)) return false
    value = inline ?? next()
    return true
  })
  return value ? { args, value } : { args }
}

/** Plans the launch of this process's Jest: says the one line (on or off), sets the env, returns Jest's arguments. */
export function launchThisProcess(): string[] {
  const plan = planLaunch({
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    jestVersion: installedJestVersion(process.cwd()),
  })
  if (plan.notice) process.stderr.write(`${plan.notice}\n`)
  if (plan.notice && !plan.enabled && process.argv.some((arg) => WATCH.test(arg))) sayAgainAfterClear(plan.notice)
  Object.assign(process.env, plan.env)
  if (plan.enabled) startSessionEarly()
  return plan.args
}

/**
 * Jest's watch mode clears the screen before each run (`\x1b[2J…` on stdout): the line saying why the loop is off would
 * be gone before anyone read it. It is written again below each clear.
 */
function sayAgainAfterClear(line: string): void {
  const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    const written = write(chunk, ...rest)
    if (typeof chunk === 'string' && chunk.includes(CLEAR_SCREEN)) write(`${line}\n`)
    return written
  }) as typeof process.stdout.write
}

const CLEAR_SCREEN = '\x1b[2J'

/**
 * The session's thread starts now, while Jest reads its config and maps the project, rather than when the first test
 * file asks for it (≈100 ms that file would wait). It is found by its entry: in-band.js's folder has host-thread.js.
 */
function startSessionEarly(): void {
  try {
    const beside = import.meta.resolve('@mighty-patcher/jest-plugin/internal/in-band')
    const cwd = process.cwd()
    startEarly(spawnHostThread(new URL('./host-thread.js', beside), cwd, process.env[ENV_DIR] || cwd))
  } catch {
    // the first test file starts it, and says why it could not
  }
}
