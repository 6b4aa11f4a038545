import { afterEach, describe, expect, test } from 'vitest'
import { Project, type RunnerName } from './harness/project.js'
import { Terminal } from './harness/terminal.js'

// One long session a person could have, on the default reload dir (the project): every kind of fix in a row.

const PROMPT = /c continue · s skip · q quit/
let project: Project | undefined
let term: Terminal | undefined

afterEach(() => {
  term?.kill()
  project?.remove()
  term = project = undefined
})

async function pausedAt(t: Terminal, name: string) {
  await t.waitFor(new RegExp(`PAUSED\\s+${name}\\n`))
  await t.waitFor(PROMPT)
}

describe.each<RunnerName>(['vitest4'])('%s', (runner) => {
  test('every kind of fix, one after the other, in one run', async () => {
    project = new Project(runner, 'vitest-scenarios')
    const p = project
    const t = (term = new Terminal(p.bin('vitest-reload'), ['run', '--reload-loop'], { cwd: p.dir }))
    await t.waitFor('saves under . are patched') // default reload dir: the current directory

    // a body fix in one file and an instance method fix in another, both saved before `c`
    await pausedAt(t, 'double')
    p.edit('src/math.ts', 'x * 3', 'x * 2')
    await t.waitFor('patched src/math.ts (live edit: double)')
    p.edit('src/greeter.ts', 'Hi,', 'Hello,')
    await t.waitFor(/patched src\/greeter\.ts \(live edit: Greeter#greet\)/)
    t.type('c')

    // a top-level constant: re-evaluated, and the reference captured before still follows
    await pausedAt(t, 'tax rate')
    expect(t.recent).not.toMatch(/PAUSED/) // captured reference, quadruple and the greeter passed on their own
    p.edit('src/pricing.ts', 'const RATE = 2', 'const RATE = 1.5')
    await t.waitFor(/patched src\/pricing\.ts \(re-evaluated: top-level code changed; updated withTax/)
    t.type('c')

    // a syntax error keeps the old code and the pause; then a fix that adds a helper
    await pausedAt(t, 'label')
    p.write('src/format.ts', 'export function label(n: number): string {\n  return `n=${n}`\n')
    await t.waitFor(/error src\/format\.ts: [\s\S]*?Expected `}` but found `EOF`[\s\S]*?old code keeps running/)
    p.write(
      'src/format.ts',
      "const pad = (n: number) => String(n).padStart(2, '0')\n\nexport function label(n: number): string {\n  return `n=${pad(n)}`\n}\n",
    )
    await t.waitFor(/patched src\/format\.ts \(re-evaluated: .*updated label/)
    t.type('c')

    // an async function
    await pausedAt(t, 'async load')
    p.edit('src/loader.ts', 'ok: false', 'ok: true')
    await t.waitFor('patched src/loader.ts (live edit: load)')
    t.type('c')

    // the failing test's own body
    await pausedAt(t, 'the test itself')
    p.edit('test/loop.test.ts', 'expect(1 + 2).toBe(4)', 'expect(1 + 2).toBe(3)')
    await t.waitFor('patched test/loop.test.ts (live edit)')
    t.type('c')

    await t.waitFor(/Tests\s+9 passed \(9\)/)
    expect(t.text).toMatch(/✓ setup ran once/)
    expect(t.text).toMatch(/✓ tax rate .*\(retry x1\)/)
    expect(await t.exited).toBe(0)
  })
})
