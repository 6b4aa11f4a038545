import { describe, expect, test } from 'vitest'
import { decideActivation, disabledLine, isCI } from '../../src/shared/activation.js'

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
