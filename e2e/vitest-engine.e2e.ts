import { describe, expect, test } from 'vitest'
import { lineOf } from './harness/fidelity-fixture.js'
import type { RunnerName } from './harness/project.js'
import { PROMPT, useTerminal } from './harness/session.js'

// The engine in Vitest on the newest and the oldest Node line (docs/architecture.md, "Patches as data"): modules are
// instrumented as Vite's module runner evaluates them and a save is put into the module's record — the same on Node 26,
// which has no V8 live edit, as on Node 20.

const start = useTerminal()

const runs: [RunnerName, Record<string, string>, string][] = [
  ['vitest4-node26', {}, 'tests run on node v26.'],
  ['vitest4', {}, 'tests run on node v20.'],
]

const GREETER_WITH_CONSTANT = `const GREETING = 'Hi'

export class Greeter {
  greet(name: string): string {
    return \`\${GREETING}, \${name}\`
  }
}
`

// the throw moves down a line: its frame must name the new line, mapped like the rest of the file
const THROWING_DOUBLE = `// a line more
export function double(x: number): number {
  if (x > 0) {
    throw new Error('new version threw')
  }
  return x * 2
}
`

describe.each(runs)('%s', (runner, env, node) => {
  test('a body fixed, then a constant read by an instance made in beforeAll; setup runs once', async () => {
    const { project, term } = start(
      runner,
      'vitest-basic',
      'vitest-reload',
      ['run', '--reload-loop', '--reload-dir', 'src'],
      {
        env,
        prepare: (p) => p.write('src/greeter.ts', GREETER_WITH_CONSTANT),
      },
    )
    await term.waitFor('reload loop on')
    await term.waitFor(node)
    await term.waitFor(/PAUSED.*math > double/)
    await term.waitFor('expected 6 to be 4')
    await term.waitFor(PROMPT)

    project.edit('src/math.ts', 'x * 3', 'x * 2')
    await term.waitFor('patched src/math.ts (updated double)')
    await term.waitFor(PROMPT)
    term.type('c')

    // quadruple() imports double from math.ts: it passes without a pause. The Greeter made in beforeAll fails.
    await term.waitFor(/PAUSED.*math > greeter made in beforeAll/)
    await term.waitFor(PROMPT)
    project.edit('src/greeter.ts', "const GREETING = 'Hi'", "const GREETING = 'Hello'")
    await term.waitFor(/patched src\/greeter\.ts \([^\n]*GREETING/)
    expect(lineOf(term.text, 'patched src/greeter.ts')).not.toMatch(/still old/)
    await term.waitFor(PROMPT)
    term.type('c')

    await term.waitFor(/Tests\s+4 passed \(4\)/)
    expect(term.text).toMatch(/✓ double .*\(retry x1\)/)
    expect(term.text).toMatch(/✓ setup ran once/)
    expect(term.text).not.toMatch(/quadruple through another module.*\n.*PAUSED/)
    expect(term.text).not.toMatch(/runs uninstrumented/)
    expect(await term.exited).toBe(0)
  })

  test('a new version that throws is reported at its line in the file; q ends the run', async () => {
    const { project, term } = start(
      runner,
      'vitest-basic',
      'vitest-reload',
      ['run', '--reload-loop', '--reload-dir', 'src'],
      { env },
    )
    await term.waitFor(/PAUSED.*math > double/)
    await term.waitFor(PROMPT)
    project.write('src/math.ts', THROWING_DOUBLE)
    await term.waitFor('patched src/math.ts (updated double)')
    await term.waitFor(PROMPT)
    term.type('c')

    await term.waitFor(/PAUSED.*math > double/)
    await term.waitFor('Error: new version threw')
    await term.waitFor(/❯ double src\/math\.ts:4:\d+/)
    await term.waitFor(PROMPT)
    term.type('q')
    expect(await term.exited).not.toBe(0)
    expect(term.text).not.toMatch(/PAUSED.*greeter made in beforeAll/)
  })
})
