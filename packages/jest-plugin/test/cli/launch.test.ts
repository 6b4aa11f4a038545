import { describe, expect, it } from 'vitest'
import { FILE_RUNNER_PATH, planLaunch, RUNNER_PATH } from '../../src/cli/launch.js'

// What `jest-reload` and the register preload hand to jest-cli, decided before Jest parses its argv.

const tty = { isTTY: true }
const plan = (argv: string[], env: NodeJS.ProcessEnv = {}, stdin = tty, jestVersion = '30.5.2') =>
  planLaunch({ argv, cwd: '/project', env, stdin, stdout: tty, jestVersion })

describe('planLaunch', () => {
  it('strips our flags, forces --runInBand, injects the reload runners and says the loop is on', () => {
    const { args, enabled, env, notice } = plan(['--reload-loop', '--reload-dir', 'src', '-t', 'double'])
    expect(enabled).toBe(true)
    expect(notice).toBe('[mighty-patcher] reload loop on: a failing test pauses; saves under src are patched')
    expect(args).toEqual(['-t', 'double', '--runInBand', `--testRunner=${RUNNER_PATH}`, `--runner=${FILE_RUNNER_PATH}`])
    expect(env).toEqual({ JEST_RELOAD_LOOP: '1', JEST_RELOAD_DIR: '/project/src' })
  })

  it('defaults the reload dir to the working directory and keeps an explicit -i', () => {
    const { args, env } = plan(['--reload-loop', '-i'])
    expect(args).toEqual(['-i', `--testRunner=${RUNNER_PATH}`, `--runner=${FILE_RUNNER_PATH}`])
    expect(env.JEST_RELOAD_DIR).toBe('/project')
  })

  it("wraps the person's own --testRunner instead of dropping it", () => {
    const { args, env } = plan(['--reload-loop', '--testRunner', './my-runner.js'])
    expect(args.filter((arg) => arg.startsWith('--testRunner'))).toEqual([`--testRunner=${RUNNER_PATH}`])
    expect(env.JEST_RELOAD_BASE_RUNNER).toBe('/project/my-runner.js')
  })

  it("wraps the person's own --runner too", () => {
    const { args, env } = plan(['--reload-loop', '--runner=jest-runner-custom', '--testRunner=./t.js'])
    expect(args.filter((arg) => arg.startsWith('--runner'))).toEqual([`--runner=${FILE_RUNNER_PATH}`])
    expect(env.JEST_RELOAD_BASE_FILE_RUNNER).toBe('jest-runner-custom')
    expect(env.JEST_RELOAD_BASE_RUNNER).toBe('/project/t.js')
  })

  it('leaves arguments after -- alone', () => {
    expect(plan(['--reload-loop', '--', '--reload-dir']).args.slice(0, 2)).toEqual(['--', '--reload-dir'])
  })

  it.each([
    [['--reload-loop'], { CI: 'true' }, tty, 'CI detected'],
    [['--reload-loop'], {}, { isTTY: false }, 'stdin is not a TTY'],
    [['--reload-loop', '--watchAll'], {}, tty, 'watch mode owns stdin'],
  ])('is off with one line for %j %j', (argv, env, stdin, reason) => {
    const result = plan(argv, env, stdin)
    expect(result.enabled).toBe(false)
    expect(result.notice).toContain(`reload loop off: ${reason}`)
    expect(result.args).toEqual(argv.filter((arg) => arg !== '--reload-loop'))
    expect(result.env).toEqual({ JEST_RELOAD_LOOP: '0' })
  })

  it.each(['28.1.3', '31.0.0', undefined])("is off with one line for Jest %s, and the run is Jest's own", (version) => {
    const argv = ['--reload-loop', '--reload-dir', 'src', '-t', 'double']
    const result = planLaunch({ argv, cwd: '/project', env: {}, stdin: tty, stdout: tty, jestVersion: version })
    expect(result.enabled).toBe(false)
    expect(result.notice).toBe(
      `[mighty-patcher] reload loop off: Jest ${version ?? '(unknown version)'} is not supported (supported: ^29.7.0 or ^30.0.0) — tests run normally`,
    )
    expect(result.args).toEqual(['-t', 'double'])
  })

  it('says nothing when the loop was not asked for', () => {
    expect(plan(['--watch=false'])).toMatchObject({ enabled: false, args: ['--watch=false'] })
    expect(plan([]).notice).toBeUndefined()
  })

  it('is on from the environment contract alone', () => {
    expect(plan([], { JEST_RELOAD_LOOP: '1' }).enabled).toBe(true)
  })
})
