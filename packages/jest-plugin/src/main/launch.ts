import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { decideActivation, disabledLine, parseReloadArgs, takeArgs } from '@mighty-patcher/core/shared'
import { ENV_BASE_RUNNER, ENV_DIR, ENV_LOOP } from '../shared/env.js'
import { installedJestVersion, SUPPORTED_JEST } from './user-jest.js'

// What the bin and the preload do before Jest parses its argv: take our flags out (jest-cli rejects unknown flags),
// decide whether the loop may own the terminal, and when it may, make the run in-band with our test runner.

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
  /** The one line to print when the loop was asked for but is off. */
  notice?: string
  /** Variables to set in this process before Jest starts (jest-worker children inherit them). */
  env: Record<string, string>
}

/** The runner jest-runner loads per test file; it wraps the person's runner (default jest-circus). */
// resolved through the package's own exports: bundling moves this code into shared chunks, so no relative paths
export const RUNNER_PATH = fileURLToPath(import.meta.resolve('@mighty-patcher/jest-plugin/internal/runner'))

const WATCH = /^--watch(All)?(=(?!false$|0$).*)?$/
const TEST_RUNNER = new Set(['--testRunner', '--test-runner'])
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
  const { args: rest, testRunner } = takeTestRunner(args)
  const planned: LaunchPlan = {
    args: [...rest, ...(rest.some((arg) => IN_BAND.test(arg)) ? [] : ['--runInBand']), `--testRunner=${RUNNER_PATH}`],
    enabled: true,
    env: {
      [ENV_LOOP]: '1',
      [ENV_DIR]: path.resolve(cwd, reloadDir ?? env[ENV_DIR] ?? '.'),
    },
  }
  // the person's own --testRunner still runs the tests: ours wraps it
  if (testRunner) planned.env[ENV_BASE_RUNNER] = testRunner.startsWith('.') ? path.resolve(cwd, testRunner) : testRunner
  return planned
}

function takeTestRunner(argv: string[]): { args: string[]; testRunner?: string } {
  let testRunner: string | undefined
  const args = takeArgs(argv, (flag, value, next) => {
    if (!TEST_RUNNER.has(flag)) return false
    testRunner = value ?? next()
    return true
  })
  return testRunner ? { args, testRunner } : { args }
}

/** Plans the launch of this process's Jest: says the one-line notice, sets the env, returns Jest's arguments. */
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
  Object.assign(process.env, plan.env)
  return plan.args
}
