import { describe, expect, test } from 'vitest'
import { PROMPT, useTerminal } from './harness/session.js'

// Runner versions at the edges of the support matrix: Vitest 4.0 (no retry conditions; suite hooks get the suite
// first) on Node 24, and versions outside the supported range, which must run exactly as without the tool.

const start = useTerminal()

// the loop itself on 4.0 (c, patches, a beforeAll instance) runs in loop.e2e.ts with the other versions
describe('Vitest 4.0 on Node 24', () => {
  test('s ends the retry loop Vitest 4.0 has no condition for: each failure stands with its own error', async () => {
    const { term } = start('vitest40-node24', 'vitest-basic', 'vitest-reload', [
      'run',
      '--reload-loop',
      '--reload-dir',
      'src',
    ])
    await term.waitFor(/PAUSED.*math > double/)
    await term.waitFor(PROMPT)
    term.type('c')
    await term.waitFor(/double\n.*attempt 2/)
    await term.waitFor(PROMPT)
    term.type('s') // without a retry condition the loop must still end, as a failure
    await term.waitFor(/PAUSED.*math > quadruple through another module/)
    await term.waitFor(PROMPT)
    term.type('s')
    await term.waitFor(/PAUSED.*math > greeter made in beforeAll/)
    await term.waitFor(PROMPT)
    term.type('s')

    await term.waitFor(/Tests\s+3 failed \| 1 passed \(4\)/)
    expect(term.text).toMatch(/× double .*\(retry x1\)/)
    expect(term.text).toMatch(/FAIL .*math > double\s+AssertionError: expected 6 to be 4/)
    expect(term.text).toMatch(/FAIL .*math > greeter made in beforeAll\s+AssertionError: expected 'Hi, Ada'/)
    expect(term.text).not.toContain('Expect test to fail')
    expect(term.text).toMatch(/✓ setup ran once/)
    expect(await term.exited).toBe(1)
  })
})

describe('a runner outside the supported range: one line, the loop off, a normal run', () => {
  test('Vitest 3.2', async () => {
    const { term } = start('vitest3', 'vitest-basic', 'vitest-reload', ['run', '--reload-loop', '--reload-dir', 'src'])
    await term.waitFor(
      '[mighty-patcher] reload loop off: Vitest 3.2.7 is not supported (supported: ^4.0.0 or ^5.0.0) — tests run normally',
    )
    await term.waitFor(/Tests\s+3 failed \| 1 passed \(4\)/)
    expect(await term.exited).toBe(1)
    expect(term.text).not.toMatch(/PAUSED|TypeError|skipped/)
  })

  test('Jest 28', async () => {
    const { term } = start('jest28', 'jest-ts', 'jest-reload', ['--reload-loop', '--reload-dir', 'src'])
    await term.waitFor(
      '[mighty-patcher] reload loop off: Jest 28.1.3 is not supported (supported: ^29.7.0 or ^30.0.0) — tests run normally',
    )
    await term.waitFor(/Tests:\s+\d+ failed, \d+ passed, \d+ total/)
    expect(await term.exited).toBe(1)
    expect(term.text).not.toMatch(/PAUSED|TypeError/)
  })
})
