import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { STOP_PROMPT } from './harness/inspect-script.js'
import type { Project, RunnerName } from './harness/project.js'
import { answered, PROMPT, paused, useTerminal } from './harness/session.js'
import type { Terminal } from './harness/terminal.js'

// What a person sees at the prompt, on Vitest and on Jest, with the tests in test/ and `--reload-dir src`: where a
// failure was thrown (before and after patches that move its line), `await` at the prompt and at an inspect stop,
// a stopped frame's closure and module variables, `up` at the outermost frame, a save of the test file itself, and
// the test's own duration after a long pause, and the REPL as Node's (history across runs, declarations that last, an
// export that does not hide a global). The fixture (e2e/fixtures/prompt) is one project for both runners.

interface Subject {
  runner: RunnerName
  bin: string
  args: string[]
  /** double()'s error as the pause header words it. */
  failure: RegExp
  /** Where `double` threw, as the pause shows it, and the code line there. */
  thrownAt(line: number): RegExp
  codeAt(line: number): RegExp
  /** The final report's frame of `double`. */
  reportedAt(line: number): RegExp
  passed: RegExp
  /** The duration the final report gives `doubles` (undefined: not shown, Vitest's way for a fast test). */
  duration(text: string): number | undefined
}

const vitest = (runner: RunnerName): Subject => ({
  runner,
  bin: 'vitest-reload',
  args: ['run', '--reload-loop', '--reload-dir', 'src'],
  failure: /Error: too big\n/,
  thrownAt: (line) => new RegExp(`❯ double src/math\\.ts:${line}:\\d+`),
  codeAt: (line) =>
    new RegExp(`\\n\\s+${line}\\|\\s+if \\(n > \\w+\\) throw new Error\\('too big'\\)\\n\\s+\\|\\s+\\^`),
  reportedAt: (line) => new RegExp(`❯ double src/math\\.ts:${line}:\\d+`),
  passed: /Tests\s+1 passed \(1\)/,
  duration(text) {
    const line = /✓ .*doubles.*/.exec(text)?.[0] ?? ''
    const ms = / (\d+)ms/.exec(line)?.[1]
    return ms === undefined ? undefined : Number(ms)
  },
})

const jest = (runner: RunnerName): Subject => ({
  runner,
  bin: 'jest-reload',
  args: ['--reload-loop', '--reload-dir', 'src'],
  failure: /\n {2}too big\n/,
  thrownAt: (line) => new RegExp(`at double \\(src/math\\.ts:${line}:\\d+\\)`),
  codeAt: (line) => new RegExp(`>\\s+${line} \\|\\s+if \\(n > \\w+\\) throw new Error\\('too big'\\)\\n\\s+\\|\\s+\\^`),
  reportedAt: (line) => new RegExp(`at double \\(src/math\\.ts:${line}:\\d+\\)`),
  passed: /Tests:\s+1 passed, 1 total/,
  duration(text) {
    // Jest's verbose report of one file always gives it (NaN: it did not, which fails the check)
    return Number(/✓ doubles \((\d+) ms\)/.exec(text)?.[1])
  },
})

const SUBJECTS = [
  vitest('vitest4'),
  vitest('vitest40-node24'),
  vitest('vitest5'),
  vitest('vitest4-node26'),
  jest('jest30'),
  jest('jest29'),
  jest('jest30-node26'),
]

const start = useTerminal()
const run = (s: Subject, file: string) => start(s.runner, 'prompt', s.bin, [...s.args, file])
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const COMMENT = ['  // the limit is checked first,', '  // before anything else,', '  // as it always was']

/** The body of double() gains three lines above the throw: the throw is on line 5. */
function moveThrowDown(project: Project): void {
  project.edit('src/math.ts', '  if (n > 10)', `${COMMENT.join('\n')}\n  if (n > 10)`)
}

/** A new top-level binding above double(), which it reads: the throw is on line 7. */
function moveThrowFurtherDown(project: Project): void {
  project.write(
    'src/math.ts',
    [
      'export const LIMIT = 10',
      '',
      'export function double(n: number): number {',
      ...COMMENT,
      "  if (n > LIMIT) throw new Error('too big')",
      '  return n * 2',
      '}',
      '',
    ].join('\n'),
  )
}

async function pausedAt(s: Subject, term: Terminal, line: number, attempt: number): Promise<void> {
  await term.waitFor(paused('doubles'))
  await term.waitFor(`attempt ${attempt}`)
  await term.waitFor(s.failure)
  const header = (await term.waitFor(PROMPT, 60_000, { advance: false })) && term.recent
  expect(header).toMatch(s.codeAt(line))
  expect(header).toMatch(s.thrownAt(line))
  await term.waitFor(PROMPT)
}

const UP = '\x1b[A'

describe.each(SUBJECTS)('$runner', (s) => {
  test('the REPL as Node’s: ↑ and Ctrl-R recall lines of this run and of the last; declarations last; lines continue; a paste is one input; Tab completes; default exports, require and import(), and an export that hides no global, the test file’s imports first', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mp-history-'))
    const env = { MIGHTY_PATCHER_HISTORY: path.join(dir, 'history') }
    // the project exports a `process`, as zod does; and a LABEL the test file imports, after one it does not (loaded
    // first, through a module it imports)
    const exportsProcess = (project: Project) => {
      project.edit(
        'src/math.ts',
        'export function double',
        "export const process = 'a project export'\nexport const LABEL = 'math'\nexport default function halve(n: number) { return n / 2 }\nexport function double",
      )
      project.write('src/rates.ts', "export const LABEL = 'rates'\n")
      project.write('src/shop.ts', "import { LABEL } from './rates'\nexport const shop = LABEL + ' shop'\n")
      project.edit(
        'test/math.test.ts',
        "import { double } from '../src/math'",
        "import { shop } from '../src/shop'\nimport { double } from '../src/math'\nif (!shop) throw new Error('no shop')",
      )
    }
    try {
      const first = start(s.runner, 'prompt', s.bin, [...s.args, 'test/math.test.ts'], {
        env,
        prepare: exportsProcess,
      })
      await first.term.waitFor(s.failure)
      await first.term.waitFor(PROMPT)
      await answered(first.term, 'const seen = 20 + 1', /\n\s*undefined\n/)
      await answered(first.term, 'seen * 2', /\n\s*42\n/)
      first.term.press(`${UP}\r`)
      await first.term.waitFor(/seen \* 2\s*\n\s*42\n/)
      await first.term.waitFor(PROMPT)
      // an unfinished statement continues on the next line, and is evaluated whole
      first.term.type('function triple(x) {')
      await first.term.waitFor(/\.\.\. ‣/)
      await answered(first.term, 'return x * 3 }', /\n\s*undefined\n/)
      await answered(first.term, 'triple(14)', /\n\s*42\n/)
      // Tab completes a name the test process has in scope
      first.term.press('tri\t')
      await first.term.waitFor(/‣ triple/)
      await answered(first.term, '(2)', /triple\(2\)\s*\n\s*6\n/)
      // a pasted snippet of three lines is one input, evaluated once
      const continued = () => first.term.text.split('... ‣').length
      const before = continued()
      first.term.press('\x1b[200~function quad(x) {\r  return x * 4\r}\x1b[201~')
      await first.term.waitFor(/return x \* 4/)
      first.term.press('\r')
      await first.term.waitFor(/\n\s*undefined\n/)
      await first.term.waitFor(PROMPT)
      expect(continued()).toBe(before) // no line of it was asked to continue
      // a default export by its name; every module by its path; Tab on a property of $error
      await answered(first.term, "[halve(quad(5)), $modules['src/math.ts'].double(3)]", /\[ 10, 6 \]/)
      first.term.press('$error.mess\t')
      await first.term.waitFor(/‣ \$error\.message/)
      first.term.press('.length > 0\r')
      await first.term.waitFor(/\n\s*true\n/)
      await first.term.waitFor(PROMPT)
      await answered(first.term, 'typeof process.memoryUsage', "'function'")
      await answered(first.term, 'LABEL', "'math'")
      first.term.type('q')
      expect(await first.term.exited).not.toBe(0)
      first.project.remove()

      const next = start(s.runner, 'prompt', s.bin, [...s.args, 'test/math.test.ts'], { env })
      await next.term.waitFor(s.failure)
      await next.term.waitFor(PROMPT)
      next.term.press(`${UP}${UP}${UP}\r`) // past the `q` that ended the last run, and LABEL
      await next.term.waitFor(/typeof process\.memoryUsage\s*\n\s*'function'\n/)
      await next.term.waitFor(PROMPT)
      next.term.type('seen') // declarations last for the test process, not beyond it
      await next.term.waitFor('ReferenceError: seen is not defined')
      await next.term.waitFor(PROMPT)
      // Ctrl-R finds a line of the last run by what it holds
      next.term.press('\x12mess')
      await next.term.waitFor("(reverse-i-search)'mess':")
      next.term.press('\r')
      await next.term.waitFor(/\$error\.message\.length > 0\s*\n\s*true\n/)
      await next.term.waitFor(PROMPT)
      // require and import() as the test file has them: the module import() gives is the one the tests use
      await answered(next.term, "require('node:path').basename('a/b.ts')", "'b.ts'")
      await answered(next.term, "(await import('../src/math.ts')).double === double", /\n\s*true\n/)
      next.term.type('q')
      expect(await next.term.exited).not.toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('where it threw, before and after patches that move the line: the pause, $error.stack, inspect, the report; await at the prompt', async () => {
    const { project, term } = run(s, 'test/math.test.ts')
    await pausedAt(s, term, 2, 1)

    // promises are awaited for you, and `await` works too, as in Node's REPL
    await answered(term, 'await Promise.resolve(double(3))', /\n\s*6\n/)

    moveThrowDown(project)
    // comments moved the throw: no code changed, positions follow
    await term.waitFor('patched src/math.ts (moved double)')
    await term.waitFor(PROMPT)
    term.type('c')
    await pausedAt(s, term, 5, 2)
    await answered(term, '$error.stack', /src\/math\.ts:5:\d+/)

    moveThrowFurtherDown(project)
    await term.waitFor('patched src/math.ts (updated double; added LIMIT)')
    await term.waitFor(PROMPT)
    term.type('c')
    await pausedAt(s, term, 7, 3)

    // inspect places the frame with the map of the code that runs now
    term.type('i')
    await term.waitFor(/STOPPED\s+doubles/)
    await term.waitFor(/double \(src\/math\.ts:7:\d+\)\s+frame 1 of/)
    await term.waitFor(/> 7 \|\s+if \(n > LIMIT\)/)
    await term.waitFor(STOP_PROMPT)
    // the frame runs code a save compiled: what is typed still sees its variables and the module's exports
    term.type('n + LIMIT')
    await term.waitFor(/\n\s*22\n/)
    await term.waitFor(STOP_PROMPT)
    term.type('where')
    await term.waitFor(/> #1 double \(src\/math\.ts:7:\d+\)/)
    await term.waitFor(STOP_PROMPT)
    term.type('s')

    // the runner's own report of the failure names the line too
    await term.waitFor(s.reportedAt(7))
    expect(await term.exited).toBe(1)
    expect(term.text).not.toMatch(/await is only valid/)
  })

  test('a save of the test file outside the reload dir is patched; the duration is the test’s own, not the pause', async () => {
    const { project, term } = run(s, 'test/math.test.ts')
    await term.waitFor(paused('doubles'))
    await term.waitFor(PROMPT)
    await sleep(3000) // a person reading the failure

    project.edit('test/math.test.ts', 'double(12)).toBe(24)', 'double(5)).toBe(10)')
    await term.waitFor(/patched test\/math\.test\.ts \(updated /)
    await term.waitFor(PROMPT)
    term.type('c')
    await term.waitFor(s.passed)
    expect(await term.exited).toBe(0)
    // the pause took over 3 s; the test itself a few milliseconds
    expect(s.duration(term.text) ?? 0).toBeLessThan(1500)
  })

  test('inspect: closure and module variables of a frame without locals, await while stopped, exports in scope, up at the top', async () => {
    const { term } = run(s, 'test/check.test.ts')
    await term.waitFor(/PAUSED\s+checks the total/)
    await term.waitFor('RangeError: over the limit')
    await term.waitFor(PROMPT)
    term.type('i')

    await term.waitFor(/STOPPED\s+checks the total/)
    await term.waitFor(/check \(src\/check\.ts:6:\d+\)\s+frame 1 of 2/)
    await term.waitFor(/Local\n\s+\(none\)\n\s+Closure\n\s+total\s+= 12\n\s+Module\n\s+limit\s+= 10/)
    await term.waitFor(STOP_PROMPT)
    term.type('total + limit')
    await term.waitFor(/\n\s*22\n/)
    await term.waitFor(STOP_PROMPT)

    term.type('await Promise.resolve(1)')
    await term.waitFor('its event loop is stopped')
    await term.waitFor(STOP_PROMPT)

    // the project's exports are in scope here as at the pause
    term.type('[typeof overLimit, typeof raiseLimit].join(" ")')
    await term.waitFor("'function function'")
    await term.waitFor(STOP_PROMPT)

    term.type('up')
    await term.waitFor(/\(test\/check\.test\.ts:5:\d+\)\s+frame 2 of 2/)
    await term.waitFor(STOP_PROMPT)
    term.type('up')
    await term.waitFor('outermost frame of your code')
    await term.waitFor(STOP_PROMPT)
    term.type('s')
    expect(await term.exited).toBe(1)
  })
})
