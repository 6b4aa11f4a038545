import { describe, expect, test } from 'vitest'
import type { RunnerName } from './harness/project.js'
import { PROMPT, useTerminal } from './harness/session.js'

// `r` and `q` at the pause, the same on both runners, in one fixture (e2e/fixtures/restart). `r` runs the test file
// again from the code on disk — what `c` cannot fix (a value computed in beforeAll, a closure made before the save) goes
// green — and the summary counts the file's new run only; `q` ends the run at once, and the summary shows what ran.

const start = useTerminal()

interface Runner {
  name: RunnerName
  command: [string, string[]]
  /** The summary lines of a run where everything passed in the end: 4 tests in a.test.ts, 1 in b.test.ts. */
  allPassed: RegExp[]
  /** The later file's line: it ran and passed. */
  laterFile: RegExp
  /** The summary after `q` at the first failure of a.test.ts: what ran of it, b.test.ts never started. */
  quitSummary: RegExp[]
}

/** Vitest with one worker: b.test.ts starts only after a.test.ts, so `q` can keep it from running. */
const vitest = (name: RunnerName): Runner => ({
  name,
  command: [
    'vitest-reload',
    ['run', '--reload-loop', '--reload-dir', 'src', '--maxWorkers=1', '--no-file-parallelism'],
  ],
  allPassed: [/Test Files\s+2 passed \(2\)/, /Tests\s+5 passed \(5\)/],
  laterFile: /✓ test\/b\.test\.ts \(1 test\)/,
  quitSummary: [
    /Test Files\s+1 failed \(2\)/,
    // Vitest 4.0's summary does not count the tests a cancelled run never started
    name === 'vitest40-node24'
      ? /Tests\s+1 failed \| 1 passed \(4\)/
      : /Tests\s+1 failed \| 1 passed \| 2 skipped \(4\)/,
  ],
})

const jest = (name: RunnerName): Runner => ({
  name,
  command: ['jest-reload', ['--reload-loop', '--reload-dir', 'src', 'test/a.test.ts', 'test/b.test.ts']],
  allPassed: [/Test Suites:\s+2 passed, 2 total/, /Tests:\s+5 passed, 5 total/],
  laterFile: /PASS\s+test\/b\.test\.ts/,
  quitSummary: [/Test Suites:\s+1 failed, 1 of 2 total/, /Tests:\s+1 failed, 2 skipped, 1 passed, 4 total/],
})

const RUNNERS: Runner[] = [
  vitest('vitest40-node24'),
  vitest('vitest4'),
  vitest('vitest5'),
  vitest('vitest4-node26'),
  jest('jest30'),
  jest('jest29'),
  jest('jest30-node26'),
]

const STEP = 60_000

describe.each(RUNNERS)('$name', (runner) => {
  test('the start line is the same on both runners', async () => {
    const { term } = start(runner.name, 'restart', ...runner.command)
    await term.waitFor('[mighty-patcher] reload loop on: a failing test pauses; saves under src are patched', STEP)
    await term.waitFor(PROMPT, STEP)
  })

  test('r: what c cannot fix goes green from the code on disk; the run goes on and counts the new run', async () => {
    const { project, term } = start(runner.name, 'restart', ...runner.command)
    await term.waitFor(/PAUSED\s+price [›>] total with VAT/, STEP)
    await term.waitFor(PROMPT)

    // a value computed in beforeAll: the patch reaches rate(), not the total made before it
    project.edit('src/rate.ts', 'return 1.1', 'return 1.2')
    await term.waitFor('patched src/rate.ts (updated rate)')
    term.type('c')
    await term.waitFor(/PAUSED\s+price [›>] total with VAT\n.*attempt 2/, STEP)
    await term.waitFor(PROMPT)
    term.type('r')
    await term.waitFor('restart: the rest of this file is skipped, then the file runs again from the code on disk')

    // the new run: beforeAll made the total from the code on disk; an object made before the next save keeps the
    // field it was made with, and the patch line says so
    await term.waitFor(/PAUSED\s+label [›>] label in euros\n.*attempt 1/, STEP)
    await term.waitFor(PROMPT)
    project.edit('src/label.ts', "'USD'", "'EUR'")
    await term.waitFor(/patched src\/label\.ts \([^\n]*still old: Formatter/)
    term.type('c')
    await term.waitFor(/PAUSED\s+label [›>] label in euros\n.*attempt 2/, STEP)
    await term.waitFor(PROMPT)
    term.type('r')

    expect(await term.exited).toBe(0)
    // the first run and the restart after the first save were dropped: each test is counted once
    for (const line of runner.allPassed) expect(term.text).toMatch(line)
    expect(project.read('beforeAll.log')).toBe('ran\nran\nran\n')
    expect(term.text).toMatch(runner.laterFile)
  })

  test('q ends the run now: non-zero exit, the summary shows what ran, later files do not run', async () => {
    const { project, term } = start(runner.name, 'restart', ...runner.command)
    await term.waitFor(/PAUSED\s+price [›>] total with VAT/, STEP)
    await term.waitFor(PROMPT)
    term.type('q')
    await term.waitFor('quit: the run ends now; the summary shows what ran')
    expect(await term.exited).not.toBe(0)
    expect(term.text).not.toMatch(/PAUSED\s+label [›>] label in euros/)
    for (const line of runner.quitSummary) expect(term.text).toMatch(line)
    expect(project.read('beforeAll.log')).toBe('ran\n')
  })
})

describe.each(RUNNERS)('$name', (runner) => {
  test('r when the file no longer loads (an import deleted): a pause on the load error, no inspect; a fix, r, green', async () => {
    const isVitest = runner.name.startsWith('vitest')
    const { project, term } = isVitest
      ? start(runner.name, 'prompt', 'vitest-reload', [
          'run',
          '--reload-loop',
          '--reload-dir',
          'src',
          'test/math.test.ts',
        ])
      : start(runner.name, 'prompt', 'jest-reload', ['--reload-loop', '--reload-dir', 'src', 'test/math.test.ts'])
    await term.waitFor(/PAUSED\s+doubles/, STEP)
    await term.waitFor(PROMPT)
    const math = project.read('src/math.ts')
    project.remove('src/math.ts')
    await term.waitFor('deleted src/math.ts')
    await term.waitFor(PROMPT)
    term.type('r')
    // before: the run ended there, the file failed, exit 1
    await term.waitFor(/PAUSED\s+test\/math\.test\.ts \(loading it\)\n.*attempt 1/, STEP)
    await term.waitFor(
      isVitest ? "Cannot find module '/src/math.ts'" : /ENOENT: no such file or directory, open '[^']*src\/math\.ts'/,
    )
    await term.waitFor('then c to re-run it. h for help.')
    await term.waitFor(PROMPT)
    // c before the fix: the file runs again, still does not load, and its pause counts the attempt (Jest said 1)
    term.type('c')
    await term.waitFor(/PAUSED\s+test\/math\.test\.ts \(loading it\)\n.*attempt 2/, STEP)
    await term.waitFor(PROMPT)
    project.write('src/math.ts', math.replace('n > 10', 'n > 100'))
    await term.waitFor(/patched src\/math\.ts|not loaded in this worker: src\/math\.ts/)
    await term.waitFor(PROMPT)
    term.type('r')
    expect(await term.exited).toBe(0)
    expect(term.text).toMatch(isVitest ? /Tests\s+1 passed \(1\)/ : /Tests:\s+1 passed, 1 total/)
  })
})
