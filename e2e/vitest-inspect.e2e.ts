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

// Inspect on Vitest: the script a person follows is shared with Jest (harness/inspect-script.ts); what only Vitest
// has is here: the threads pool, a throw in src, a message that changes, a worker killed while stopped.

const vitest: InspectSubject = {
  ext: 'ts',
  paused: (test) => new RegExp(`PAUSED.*${test}`),
  stopped: (test) => new RegExp(`STOPPED.*${test}`),
  failure: 'expected 15 to be 25',
  failureAtStop: 'expected 15 to be 25',
  errorMessage: "'expected 15 to be 25 // Object.is equality'",
  lines: { assertion: 6, call: 17, asyncAssertion: 7 },
  testBody: '<anonymous> ',
}

const start = useTerminal()
const inspectRun = (runner: RunnerName, args: string[]) =>
  start(runner, 'vitest-inspect', 'vitest-reload', ['run', '--reload-loop', '--reload-dir', 'src', ...args])

describe.each<RunnerName>(['vitest4', 'vitest5', 'vitest4-node26'])('%s', (runner) => {
  test('i stops at the assertion: locals, evaluate, up, where; a fix saved while stopped, c → green', async () => {
    const run = inspectRun(runner, ['test/sync.test.ts'])
    const { term } = run
    await stopInExpectTotalAndFix(vitest, run)

    await term.waitFor(/Tests\s+3 passed \(3\)/)
    expect(term.text).toMatch(/✓ cart total .*\(retry x2\)/)
    expect(term.text).toMatch(/✓ caught errors elsewhere do not stop it; no helper thread is left/)
    // the caught JSON.parse errors in the next test were not stopped at: no inspector is armed any more
    expect(term.text.match(/STOPPED/g)).toHaveLength(1)
    expect(await term.exited).toBe(0)
  })

  test('async test: stops at the assertion after the awaits; a top-level change waits for c; c without a fix pauses again', async () => {
    // a stop longer than the test timeout: the attempt still fails with its own error, not a timeout
    const run = inspectRun(runner, ['--testTimeout=500', 'test/async.test.ts'])
    const { project, term } = run
    await stopInAsyncTest(vitest, term)
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
    await pausedAgainThenFix(vitest, run, 3)
    await term.waitFor(/Tests\s+1 passed \(1\)/)
    expect(term.text).not.toMatch(/timed out/)
    expect(await term.exited).toBe(0)
  })

  test('threads pool: i says inspect needs forks, the prompt stays', async () => {
    const { project, term } = inspectRun(runner, ['--pool=threads', 'test/sync.test.ts'])
    await inspectAtPause(vitest, term, 'cart total')
    await term.waitFor(
      'inspect is not available here: inspect needs the test to run on the main thread of its process (Vitest: --pool=forks)',
    )
    await term.waitFor(PROMPT)
    fixCart(vitest, project)
    await term.waitFor('patched src/cart.ts (updated total')
    await term.waitFor(PROMPT)
    term.type('c')
    await term.waitFor(/Tests\s+3 passed \(3\)/)
    expect(term.text).not.toMatch(/STOPPED/)
    expect(await term.exited).toBe(0)
  })

  test('a throw in src stops there; saves of files on the stack and off it are patched while stopped', async () => {
    const { project, term } = inspectRun(runner, ['test/helper.test.ts'])
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
    fixCart(vitest, project)
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

  test('a save while stopped that moves the throw down two lines: the re-run reports the new line', async () => {
    const run = inspectRun(runner, ['test/moved.test.ts'])
    await stopThenMoveTheThrow(vitest, run)
    // the final report names the new line too
    await run.term.waitFor(/checkOrder \(?src\/order\.ts:8:\d+/)
    await run.term.waitFor(/Tests\s+1 failed \(1\)/)
    expect(await run.term.exited).toBe(1)
  })

  test('a changed message still stops at the same place; a passing re-run or another error does not stop', async () => {
    const { term } = inspectRun(runner, ['test/changing.test.ts'])
    await inspectAtPause(vitest, term, 'a message that changes from run to run')
    await term.waitFor(/STOPPED.*a message that changes from run to run/)
    await term.waitFor('expected 2 to be 5')
    await term.waitFor(/seen\s+= 2/)
    await term.waitFor(STOP_PROMPT)
    term.type('s')

    await inspectAtPause(vitest, term, 'passes when re-run')
    await anotherErrorDoesNotStop(vitest, term)

    await term.waitFor(/Tests\s+2 failed \| 1 passed \(3\)/)
    expect(term.text).toMatch(/✓ passes when re-run .*\(retry x1\)/)
    expect(term.text.match(/STOPPED/g)).toHaveLength(1)
    expect(await term.exited).toBe(1)
  })

  test('Ctrl-C at the stop quits: the test runs on, the run ends, the terminal is given back', async () => {
    const { term } = inspectRun(runner, ['test/sync.test.ts'])
    await quitAtStop(vitest, term)
    expect(await term.exited).not.toBe(0)
    expect(term.rawTail(200)).toContain('\x1b[?25h')
  })

  test('a worker killed while stopped is reported, and the run ends', async () => {
    const { term } = inspectRun(runner, ['test/sync.test.ts'])
    await inspectAtPause(vitest, term, 'cart total')
    const [, pid] = await term.waitFor(/STOPPED.*worker (\d+)/)
    await term.waitFor(STOP_PROMPT)
    process.kill(Number(pid), 'SIGKILL')
    await term.waitFor(new RegExp(`worker ${pid} exited while stopped \\(cart total\\)`))
    expect(await term.exited).not.toBe(0)
  })
})
