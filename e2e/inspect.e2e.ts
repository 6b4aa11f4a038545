import { describe, expect, test } from 'vitest'
import {
  anotherErrorDoesNotStop,
  fixCart,
  type InspectSubject,
  inspectAtPause,
  pausedAgainThenFix,
  quitAtStop,
  STOP_PROMPT,
  stopInAsyncTest,
  stopInExpectTotalAndFix,
  stopThenMoveTheThrow,
} from './harness/inspect-script.js'
import type { RunnerName } from './harness/project.js'
import { PROMPT, useTerminal } from './harness/session.js'

// Inspect on both runners, in one fixture (e2e/fixtures/inspect): the script a person follows is shared
// (harness/inspect-script.ts), on TypeScript with Vitest and on untransformed JavaScript with Jest (the stopped frames'
// lines are the files' own). What only Vitest has: the threads pool, a throw in src, a message that changes, a worker
// killed while stopped. What only Jest has: the test thread is stopped, so the prompt is served by the session's own
// thread, and saves while stopped go through Jest's transform there (ts-jest included).

interface Subject extends InspectSubject {
  runner: RunnerName
  bin: string
  args: string[]
  /** test/sync after its fix: the summary, and the lines of the report that say how its tests went. */
  syncPassed: RegExp
  syncReport: RegExp[]
  /** The summary of test/moved: its one test failed. */
  oneFailed: RegExp
}

const vitest = (runner: RunnerName): Subject => ({
  runner,
  bin: 'vitest-reload',
  args: ['run', '--reload-loop', '--reload-dir', 'src'],
  ext: 'ts',
  paused: (test) => new RegExp(`PAUSED.*${test}`),
  stopped: (test) => new RegExp(`STOPPED.*${test}`),
  failure: 'expected 15 to be 25',
  failureAtStop: 'expected 15 to be 25',
  errorMessage: "'expected 15 to be 25 // Object.is equality'",
  lines: { assertion: 6, call: 17, asyncAssertion: 7 },
  testBody: '<anonymous> ',
  syncPassed: /Tests\s+3 passed \(3\)/,
  oneFailed: /Tests\s+1 failed \(1\)/,
  syncReport: [/✓ cart total .*\(retry x2\)/, /✓ caught errors elsewhere do not stop it; no helper thread is left/],
})

const jest = (runner: RunnerName): Subject => ({
  runner,
  bin: 'jest-reload',
  args: ['--reload-loop', '--reload-dir', 'src'],
  ext: 'js',
  paused: (test) => new RegExp(`PAUSED\\s+${test}`),
  stopped: (test) => new RegExp(`STOPPED\\s+${test}`),
  failure: 'Expected: 25',
  lines: { assertion: 5, call: 12, asyncAssertion: 6 },
  testBody: '.*',
  syncPassed: /Tests:\s+2 passed, 2 total/,
  oneFailed: /Tests:\s+1 failed, 1 total/,
  syncReport: [],
})

const VITEST = [vitest('vitest4'), vitest('vitest5'), vitest('vitest4-node26')]
const JEST = [jest('jest30'), jest('jest29'), jest('jest30-node26')]

const start = useTerminal()
const inspectRun = (s: Subject, args: string[]) => start(s.runner, 'inspect', s.bin, [...s.args, ...args])

describe.each([...VITEST, ...JEST])('$runner', (s) => {
  test('i stops at the assertion: locals, evaluate, up, where; a fix saved while stopped, c → green', async () => {
    const run = inspectRun(s, [`test/sync.test.${s.ext}`])
    const { term } = run
    await stopInExpectTotalAndFix(s, run)

    await term.waitFor(s.syncPassed)
    for (const line of s.syncReport) expect(term.text).toMatch(line)
    // the caught JSON.parse errors in the next test were not stopped at: no inspector is armed any more
    expect(term.text.match(/STOPPED/g)).toHaveLength(1)
    expect(await term.exited).toBe(0)
  })

  test('a save while stopped that moves the throw down two lines: the re-run reports the new line', async () => {
    const run = inspectRun(s, ['test/moved.test.ts'])
    await stopThenMoveTheThrow(s, run)
    // the final report names the new line too
    await run.term.waitFor(/checkOrder \(?src\/order\.ts:8:\d+/)
    await run.term.waitFor(s.oneFailed)
    expect(await run.term.exited).toBe(1)
  })
})

describe.each(VITEST)('$runner', (s) => {
  test('async test: stops at the assertion after the awaits; a top-level change waits for c; c without a fix pauses again', async () => {
    // a stop longer than the test timeout: the attempt still fails with its own error, not a timeout
    const run = inspectRun(s, ['--testTimeout=500', 'test/async.test.ts'])
    const { project, term } = run
    await stopInAsyncTest(s, term)
    term.type('up')
    await term.waitFor('outermost frame of your code')
    await term.waitFor(STOP_PROMPT)
    await new Promise((resolve) => setTimeout(resolve, 1000))

    // a new top-level binding runs a statement, which the stopped thread cannot wait for: it waits for c
    project.edit('src/cart.ts', 'export function total(', 'export const CURRENCY = "EUR"\n\nexport function total(')
    await term.waitFor(
      /later src\/cart\.ts: its top level changed \(line \d+\): it runs again when the test goes on — patched when you continue/,
    )
    await term.waitFor(STOP_PROMPT)
    term.type('c')
    await term.waitFor(/patched src\/cart\.ts \([^\n]*added CURRENCY/)

    // the bug itself was not fixed: the re-run fails and pauses again as usual
    await pausedAgainThenFix(s, run, 3)
    await term.waitFor(/Tests\s+1 passed \(1\)/)
    expect(term.text).not.toMatch(/timed out/)
    expect(await term.exited).toBe(0)
  })

  test('threads pool: i says inspect needs forks, the prompt stays', async () => {
    const { project, term } = inspectRun(s, ['--pool=threads', 'test/sync.test.ts'])
    await inspectAtPause(s, term, 'cart total')
    await term.waitFor(
      'inspect is not available here: inspect needs the test to run on the main thread of its process (Vitest: --pool=forks)',
    )
    await term.waitFor(PROMPT)
    fixCart(s, project)
    await term.waitFor('patched src/cart.ts (updated total')
    await term.waitFor(PROMPT)
    term.type('c')
    await term.waitFor(/Tests\s+3 passed \(3\)/)
    expect(term.text).not.toMatch(/STOPPED/)
    expect(await term.exited).toBe(0)
  })

  test('a throw in src stops there; saves of files on the stack and off it are patched while stopped', async () => {
    const { project, term } = inspectRun(s, ['test/helper.test.ts'])
    await term.waitFor(/PAUSED.*total checked by a helper in src/)
    await term.waitFor('RangeError: total is 4, expected 12')
    await term.waitFor(PROMPT)
    term.type('i')

    await term.waitFor(/STOPPED.*total checked by a helper in src/)
    await term.waitFor(/assertTotal \(src\/check\.ts:5:\d+\)\s+frame 1 of 2/)
    await term.waitFor(/items\s+= \[ \{ name: 'mug', price: 4, qty: 3 \} \]/)
    await term.waitFor(STOP_PROMPT)
    term.type('up')
    await term.waitFor(/<anonymous> \(test\/helper\.test\.ts:6:\d+\)\s+frame 2 of 2/)
    await term.waitFor(/order\s+= \[ \{ name: 'mug', price: 4, qty: 3 \} \]/)
    await term.waitFor(STOP_PROMPT)

    // the stopped call finishes on the code it runs; calls from now on run the new code
    project.edit('src/check.ts', '`total is', '`the total is')
    await term.waitFor('patched src/check.ts (updated assertTotal)')
    await term.waitFor(STOP_PROMPT)
    fixCart(s, project)
    await term.waitFor('patched src/cart.ts (updated total')
    await term.waitFor(STOP_PROMPT)
    term.type('total(order)')
    await term.waitFor(/\n\s*12\n/)
    await term.waitFor(STOP_PROMPT)
    term.type('c')

    await term.waitFor(/Tests\s+1 passed \(1\)/)
    expect(term.text).not.toContain('later src/check.ts')
    expect(await term.exited).toBe(0)
  })

  test('a changed message still stops at the same place; a passing re-run or another error does not stop', async () => {
    const { term } = inspectRun(s, ['test/changing.test.ts'])
    await inspectAtPause(s, term, 'a message that changes from run to run')
    await term.waitFor(/STOPPED.*a message that changes from run to run/)
    await term.waitFor('expected 2 to be 5')
    await term.waitFor(/seen\s+= 2/)
    await term.waitFor(STOP_PROMPT)
    term.type('s')

    await inspectAtPause(s, term, 'passes when re-run')
    await anotherErrorDoesNotStop(s, term)

    await term.waitFor(/Tests\s+2 failed \| 1 passed \(3\)/)
    expect(term.text).toMatch(/✓ passes when re-run .*\(retry x1\)/)
    expect(term.text.match(/STOPPED/g)).toHaveLength(1)
    expect(await term.exited).toBe(1)
  })

  test('Ctrl-C at the stop quits: the test runs on, the run ends, the terminal is given back', async () => {
    const { term } = inspectRun(s, ['test/sync.test.ts'])
    await quitAtStop(s, term)
    expect(await term.exited).not.toBe(0)
    expect(term.rawTail(200)).toContain('\x1b[?25h')
  })

  test('a worker killed while stopped is reported, and the run ends', async () => {
    const { term } = inspectRun(s, ['test/sync.test.ts'])
    await inspectAtPause(s, term, 'cart total')
    const [, pid] = await term.waitFor(/STOPPED.*worker (\d+)/)
    await term.waitFor(STOP_PROMPT)
    process.kill(Number(pid), 'SIGKILL')
    await term.waitFor(new RegExp(`worker ${pid} exited while stopped \\(cart total\\)`))
    expect(await term.exited).not.toBe(0)
  })
})

describe.each(JEST)('$runner', (s) => {
  test('TypeScript through ts-jest: the frame is source-mapped; a save is patched with ts-jest’s transform while stopped', async () => {
    const { project, term } = inspectRun(s, ['test/typed.test.ts'])
    await term.waitFor(/PAUSED\s+price with tax/)
    await term.waitFor('Received: 110')
    await term.waitFor(PROMPT)
    term.type('i')

    await term.waitFor(/STOPPED\s+price with tax/)
    await term.waitFor(/expectPrice \(test\/typed\.test\.ts:5:\d+\)\s+frame 1 of 2/)
    await term.waitFor(/> 5 \|\s+expect\(gross\)\.toBe\(expected\)/)
    await term.waitFor(/gross\s+= 110/)
    await term.waitFor(STOP_PROMPT)
    term.type('up')
    await term.waitFor(/test\/typed\.test\.ts:10:\d+\)\s+frame 2 of 2/)
    await term.waitFor(/label\s+= 'a mug'/)
    await term.waitFor(STOP_PROMPT)

    project.edit('src/price.ts', 'net / 10 //', 'net / 5 //')
    await term.waitFor('patched src/price.ts (updated withTax')
    await term.waitFor(STOP_PROMPT)
    term.type('c')
    await term.waitFor(/Tests:\s+1 passed, 1 total/)
    expect(await term.exited).toBe(0)
  })

  test('async test: stops at the assertion after the awaits; c without a fix pauses again', async () => {
    const run = inspectRun(s, ['test/async.test.js'])
    await stopInAsyncTest(s, run.term)
    run.term.type('c')
    await pausedAgainThenFix(s, run)
    await run.term.waitFor(/Tests:\s+1 passed, 1 total/)
    expect(await run.term.exited).toBe(0)
  })

  test('another error in the re-run does not stop: the pause says so', async () => {
    const { term } = inspectRun(s, ['test/changing.test.js'])
    await anotherErrorDoesNotStop(s, term)
    await term.waitFor(/Tests:\s+1 failed, 1 total/)
    expect(term.text).not.toMatch(/STOPPED/)
    expect(await term.exited).toBe(1)
  })

  test('Ctrl-C at the stop quits: the test fails as it would have, the run ends', async () => {
    const { term } = inspectRun(s, ['test/sync.test.js'])
    await quitAtStop(s, term)
    // quit ends the run: the file's later test does not run — on Jest 29 it ran already, before the deferred re-run
    const counts = s.runner === 'jest29' ? '1 failed, 1 passed, 2 total' : '1 failed, 1 skipped, 2 total'
    await term.waitFor(new RegExp(`Tests:\\s+${counts}`))
    expect(await term.exited).not.toBe(0)
  })
})

// After `i` and `c` (the stopped test ran on and failed again), a body edit of the test file patches as it does
// without `i`: the inspected attempt leaves nothing behind that makes the test file's functions read-only.
describe.each([VITEST[0]!, JEST[0]!])('$runner', (s) => {
  test('i, then c, then a save of the test file: patched, and the re-run runs it', async () => {
    const testFile = `test/sync.test.${s.ext}`
    const { project, term } = inspectRun(s, [testFile])
    await term.waitFor(/PAUSED\s+cart total/)
    await term.waitFor(PROMPT)
    term.type('i')
    await term.waitFor(/STOPPED\s+cart total/)
    await term.waitFor(STOP_PROMPT)
    term.type('c')
    await term.waitFor(/PAUSED\s+cart total/)
    await term.waitFor(PROMPT)
    // the test's helper now expects what the buggy total gives: the test passes on the patched test file
    project.edit(testFile, 'expect(result).toBe(expected)', 'expect(result).toBe(15)')
    await term.waitFor(`patched ${testFile} (updated expectTotal)`)
    await term.waitFor(PROMPT)
    term.type('c')
    await term.waitFor(/Tests:?\s+\d+ passed/)
    expect(term.text).not.toMatch(/Tests:?\s+\d+ failed/)
    expect(await term.exited).toBe(0)
  })
})
