import { describe, expect, test } from 'vitest'
import { decideActivation, disabledLine, enabledLine, isCI } from '../../src/shared/activation.js'

const tty = { isTTY: true }
const pipe = { isTTY: false }
const base = { requested: true, env: {}, stdin: tty, stdout: tty }

describe('decideActivation', () => {
  test('on when requested in a terminal outside CI', () => {
    expect(decideActivation(base)).toEqual({ enabled: true })
  })

  test.each([
    ['not requested', { requested: undefined }],
    ['not requested', { requested: false }],
    ['CI detected', { env: { CI: 'true' } }],
    ['CI detected', { env: { GITHUB_ACTIONS: 'true' } }],
    ['CI detected', { env: { JENKINS_URL: 'http://ci' } }],
    ['stdin is not a TTY', { stdin: pipe }],
    ['stdout is not a TTY', { stdout: pipe }],
    ['watch mode owns stdin', { watchOwnsStdin: true }],
  ])('off: %s (%o)', (reason, override) => {
    expect(decideActivation({ ...base, ...override })).toEqual({ enabled: false, reason })
  })

  test.each([
    ['Vitest', '3.2.4', 'Vitest 3.2.4 is not supported (supported: ^4.0.0 or ^5.0.0)'],
    ['Vitest', '6.0.0', 'Vitest 6.0.0 is not supported (supported: ^4.0.0 or ^5.0.0)'],
    ['Vitest', undefined, 'Vitest (unknown version) is not supported (supported: ^4.0.0 or ^5.0.0)'],
  ])('off: %s %s is outside the supported range', (name, version, reason) => {
    const runner = { name, version, supported: '^4.0.0 || ^5.0.0' }
    expect(decideActivation({ ...base, runner })).toEqual({ enabled: false, reason })
  })

  test.each(['4.0.18', '4.1.12', '5.1.2', '5.2.0-beta.1'])('on: Vitest %s is in the supported range', (version) => {
    const runner = { name: 'Vitest', version, supported: '^4.0.0 || ^5.0.0' }
    expect(decideActivation({ ...base, runner })).toEqual({ enabled: true })
  })

  test('the first reason wins: CI is named before a missing TTY', () => {
    expect(decideActivation({ ...base, env: { CI: '1' }, stdin: pipe })).toEqual({
      enabled: false,
      reason: 'CI detected',
    })
  })
})

describe('isCI', () => {
  test('CI=false or CI=0 is not CI, even on a provider', () => {
    expect(isCI({ CI: 'false' })).toBe(false)
    expect(isCI({ CI: '0' })).toBe(false)
    expect(isCI({ CI: 'false', GITHUB_ACTIONS: 'true' })).toBe(false)
  })

  test('an empty environment is not CI', () => {
    expect(isCI({})).toBe(false)
    expect(isCI({ CI: '' })).toBe(false)
  })
})

test('disabledLine says it is off, why, and that tests still run', () => {
  expect(disabledLine('CI detected')).toBe('[mighty-patcher] reload loop off: CI detected — tests run normally')
})

test('the start line names the watched dir relative to where the person ran, the same for both runners', () => {
  expect(enabledLine('/project/src', '/project')).toBe(
    '[mighty-patcher] reload loop on: a failing test pauses; saves under src are patched',
  )
  expect(enabledLine('/project', '/project')).toBe(
    '[mighty-patcher] reload loop on: a failing test pauses; saves under . are patched',
  )
})
