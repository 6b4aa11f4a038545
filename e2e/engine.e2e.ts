import { describe, expect, test } from 'vitest'
import { basicRunPassed, fixDoubleThenGreeterPauses } from './harness/basic-fixture.js'
import { lineOf } from './harness/fidelity-fixture.js'
import type { RunnerName } from './harness/project.js'
import { PROMPT, paused, useTerminal } from './harness/session.js'

// The engine on each runner and Node line (docs/architecture.md, "Patches as data"): modules are instrumented as
// Vite's module runner evaluates them (Vitest) or as jest-runtime compiles them (Jest), and a save is put into the
// module's record — the same on Node 26, which has no V8 live edit, as on Node 20 and 22.

const start = useTerminal()
const STEP_TIMEOUT = 30_000

const VITEST_RUNS: [RunnerName, Record<string, string>, string][] = [
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

describe.each(VITEST_RUNS)('%s', (runner, env, node) => {
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
    await fixDoubleThenGreeterPauses(project, term)
    project.edit('src/greeter.ts', "const GREETING = 'Hi'", "const GREETING = 'Hello'")
    await term.waitFor(/patched src\/greeter\.ts \([^\n]*GREETING/)
    expect(lineOf(term.text, 'patched src/greeter.ts')).not.toMatch(/still old/)
    await term.waitFor(PROMPT)
    term.type('c')

    await basicRunPassed(term)
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

const JEST_RUNS: [RunnerName, Record<string, string>, RegExp][] = [
  ['jest30-node26', {}, /'v26\.\d+\.\d+'/],
  ['jest30', {}, /'v20\.\d+\.\d+'/],
  // 29.7 compiles a vm.Script around the module code (another compile hook)
  ['jest29', {}, /'v20\.\d+\.\d+'/],
  // that runner package brings node@22 onto its PATH
  ['jest30-node22', {}, /'v22\.\d+\.\d+'/],
]
describe.each(JEST_RUNS)('%s %o', (runner, env, version) => {
  test('a fixed body re-runs green in the same process', async () => {
    const { project, term } = start(runner, 'jest-ts', 'jest-reload', ['--reload-loop', '--reload-dir', 'src'], { env })
    await term.waitFor(paused('math › doubles'), STEP_TIMEOUT)
    await term.waitFor('or evaluate')
    term.type('process.version')
    await term.waitFor(version)
    project.edit('src/math.ts', 'x * 3', 'x * 2')
    await term.waitFor('patched src/math.ts (updated double)')
    term.type('c')
    await term.waitFor(paused('captured › triples'), STEP_TIMEOUT) // doubles and quadruples passed
    await term.waitFor('or evaluate')
    term.type('q')
    expect(await term.exited).not.toBe(0)
    expect(term.text.match(/beforeAll ran 1 time/g)).toHaveLength(1)
  })
})

describe('jest30-node26', () => {
  test('a top-level const, a captured reference, a class method on an instance from beforeAll, an exported const', async () => {
    const { project, term } = start(
      'jest30-node26',
      'jest-ts',
      'jest-reload',
      ['--reload-loop', '--reload-dir', 'src'],
      {
        prepare: (p) =>
          p.write(
            'src/math.ts',
            'const FACTOR = 3\n\nexport function double(x: number): number {\n  return x * FACTOR\n}\n',
          ),
      },
    )
    await term.waitFor(paused('math › doubles'), STEP_TIMEOUT)
    project.edit('src/math.ts', 'FACTOR = 3', 'FACTOR = 2')
    await term.waitFor(/patched src\/math\.ts \([^\n]*updated[^\n]*FACTOR/)
    term.type('c')
    await term.waitFor(paused('captured › triples'), STEP_TIMEOUT) // quadruple() reads the new FACTOR too
    // `triple` was destructured from require() before any edit
    project.edit('src/triple.ts', 'x * 4', 'x * 3')
    await term.waitFor('patched src/triple.ts (updated triple)')
    term.type('c')
    await term.waitFor(paused('calculator › adds with the instance from beforeAll'), STEP_TIMEOUT)
    project.edit('src/calculator.ts', 'a - b', 'a + b')
    await term.waitFor(/patched src\/calculator\.ts \([^\n]*updated Calculator#add/)
    term.type('c')
    await term.waitFor(paused('limits › has the new limit'), STEP_TIMEOUT)
    // ts-jest compiles `export const LIMIT = 5` to `exports.LIMIT = 5`: that statement runs again, named by its export
    project.write('src/limits.ts', 'export const LIMIT = 10\n')
    await term.waitFor(/patched src\/limits\.ts \(updated LIMIT/)
    term.type('c')
    await term.waitFor(paused('greet › greets asynchronously'), STEP_TIMEOUT)
    await term.waitFor('or evaluate')
    term.type('q')
    expect(await term.exited).not.toBe(0)
    expect(term.text.match(/beforeAll ran 1 time/g)).toHaveLength(1)
  })
})

describe('jest30-node26, a Babel project, default reload dir', () => {
  test('a body fixed through babel-jest, then an edit of the test file itself (its top level never runs again)', async () => {
    const { project, term } = start('jest30-node26', 'jest-babel', 'jest-reload', ['--reload-loop'])
    await term.waitFor(paused('price › adds VAT'), STEP_TIMEOUT)
    project.edit('src/price.ts', 'net * 1.1', 'net * 1.2')
    await term.waitFor('patched src/price.ts (updated withVat)')
    term.type('c')
    await term.waitFor(paused('test edits › expects the right thing'), STEP_TIMEOUT)
    project.edit('test/invoice.test.ts', 'toBe(13)', 'toBe(12)')
    await term.waitFor(/patched test\/invoice\.test\.ts \([^\n]*updated/)
    term.type('c')
    expect(await term.exited).toBe(0)
    expect(term.text).toMatch(/Tests:\s+3 passed, 3 total/)
  })
})
