import { describe, expect, test } from 'vitest'
import type { RunnerName } from './harness/project.js'
import { PROMPT, useTerminal } from './harness/session.js'

// One long session a person could have, on the default reload dir (the project): every kind of fix in a row.

const PAD_HELPER = "const pad = (n: number) => String(n).padStart(2, '0')\n\nexport"
const start = useTerminal()

async function pausedAt(t: Terminal, name: string) {
  await t.waitFor(new RegExp(`PAUSED\\s+${name}\\n`))
  await t.waitFor(PROMPT)
}

describe.each<RunnerName>(['vitest4', 'vitest5'])('%s', (runner) => {
  test('every kind of fix, one after the other, in one run', async () => {
    const { project: p, term: t } = start(runner, 'vitest-scenarios', 'vitest-reload', ['run', '--reload-loop'])
    await t.waitFor('saves under . are patched') // default reload dir: the current directory

    // a body fix in one file and an instance method fix in another, both saved before `c`
    await pausedAt(t, 'double')
    p.edit('src/math.ts', 'x * 3', 'x * 2')
    await t.waitFor('patched src/math.ts (updated double)')
    t.type('double(21)') // the REPL: the project's exports are in scope, and already run the new code
    await t.waitFor(/double\(21\)\s+42\n/)
    p.edit('src/greeter.ts', 'Hi,', 'Hello,')
    await t.waitFor(/patched src\/greeter\.ts \(updated Greeter#greet\)/)
    t.type('c')

    // a top-level constant: assigned in place, and the reference captured before reads it
    await pausedAt(t, 'tax rate')
    expect(t.recent).not.toMatch(/PAUSED/) // captured reference, quadruple and the greeter passed on their own
    p.edit('src/pricing.ts', 'const RATE = 2', 'const RATE = 1.5')
    await t.waitFor('patched src/pricing.ts (updated RATE)')
    t.type('c')

    // a syntax error keeps the old code and the pause; then a fix that adds a helper
    await pausedAt(t, 'label')
    const format = p.read('src/format.ts')
    p.write('src/format.ts', format.replace(/\}\n$/, '')) // the closing brace is missing
    await t.waitFor(/error src\/format\.ts: [\s\S]*?Expected `}` but found `EOF`[\s\S]*?old code keeps running/)
    p.write('src/format.ts', format.replace('{n}', '{pad(n)}').replace('export', PAD_HELPER))
    await t.waitFor('patched src/format.ts (updated label; added pad)')
    t.type('c')

    // an async function, whose file is deleted first (as a rename does): reported, old code kept; then saved again
    await pausedAt(t, 'async load')
    const loader = p.read('src/loader.ts')
    p.remove('src/loader.ts')
    await t.waitFor('deleted src/loader.ts — old code keeps running')
    p.write('src/loader.ts', loader.replace('ok: false', 'ok: true'))
    await t.waitFor('patched src/loader.ts (updated load)')
    t.type('c')

    // the failing test's own body
    await pausedAt(t, 'the test itself')
    p.edit('test/loop.test.ts', 'expect(1 + 2).toBe(4)', 'expect(1 + 2).toBe(3)')
    await t.waitFor(/patched test\/loop\.test\.ts \(updated /)
    t.type('c')

    await t.waitFor(/Tests\s+9 passed \(9\)/)
    expect(t.text).toMatch(/✓ setup ran once/)
    expect(t.text).toMatch(/✓ tax rate .*\(retry x1\)/)
    expect(await t.exited).toBe(0)
  })
})
