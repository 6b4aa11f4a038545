import { describe, expect, test } from 'vitest'
import type { RunnerName } from './harness/project.js'
import { PROMPT, useTerminal } from './harness/session.js'

// Inspect (issue 5): at the pause, `i` re-runs the failing test stopped at its throw; the prompt shows the frame of
// the user's code with its locals, evaluates in it, moves up and down; a save and `c` make the re-run pass.

const STOP_PROMPT = /c continue · up · down · where · q quit/
const start = useTerminal()
const inspectRun = (runner: RunnerName, args: string[]) =>
  start(runner, 'vitest-inspect', 'vitest-reload', ['run', '--reload-loop', '--reload-dir', 'src', ...args])

describe.each<RunnerName>(['vitest4', 'vitest5'])('%s', (runner) => {
  test('i stops at the assertion: locals, evaluate, up, where; a fix saved while stopped, c → green', async () => {
    const { project, term } = inspectRun(runner, ['test/sync.test.ts'])
    await term.waitFor(/PAUSED.*cart total/)
    await term.waitFor('expected 15 to be 25')
    await term.waitFor(PROMPT)
    term.type('i')

    await term.waitFor(/STOPPED.*cart total/)
    await term.waitFor('expected 15 to be 25')
    await term.waitFor(/expectTotal \(test\/sync\.test\.ts:6:\d+\)\s+frame 1 of 2/)
    await term.waitFor(/> 6 \|\s+expect\(result\)\.toBe\(expected\)/)
    await term.waitFor(/input\s+= \[ \{ name: 'pen', price: 10, qty: 2 \}, \{ name: 'ink', price: 5, qty: 1 \} \]/)
    await term.waitFor(/result\s+= 15/)
    await term.waitFor(STOP_PROMPT)

    term.type('result')
    await term.waitFor(/\n\s*15\n/)
    await term.waitFor(STOP_PROMPT)
    term.type('input.map((item) => item.price * item.qty)')
    await term.waitFor('[ 20, 5 ]')
    await term.waitFor(STOP_PROMPT)

    term.type('up')
    await term.waitFor(/<anonymous> \(test\/sync\.test\.ts:17:\d+\)\s+frame 2 of 2/)
    await term.waitFor(/cart\s+= 'pens and ink'/)
    await term.waitFor(STOP_PROMPT)
    term.type('cart.length')
    await term.waitFor(/\n\s*12\n/)
    await term.waitFor(STOP_PROMPT)
    term.type('$error.message')
    await term.waitFor("'expected 15 to be 25 // Object.is equality'")
    await term.waitFor(STOP_PROMPT)
    term.type('where')
    await term.waitFor(
      / {2}#1 expectTotal \(test\/sync\.test\.ts:6:\d+\)\n\s*> #2 <anonymous> \(test\/sync\.test\.ts:17:\d+\)/,
    )
    await term.waitFor(STOP_PROMPT)
    term.type('down')
    await term.waitFor(/expectTotal \(test\/sync\.test\.ts:6:\d+\)\s+frame 1 of 2/)
    await term.waitFor(STOP_PROMPT)

    // total() is not on the stack any more: the save is live-edited into the stopped test process
    project.edit('src/cart.ts', 'sum += item.price //', 'sum += item.price * item.qty //')
    await term.waitFor('patched src/cart.ts (live edit: total')
    await term.waitFor(STOP_PROMPT)
    term.type('total(input)')
    await term.waitFor(/\n\s*25\n/)
    await term.waitFor(STOP_PROMPT)
    term.type('c')

    await term.waitFor(/Tests\s+3 passed \(3\)/)
    expect(term.text).toMatch(/✓ cart total .*\(retry x2\)/)
    expect(term.text).toMatch(/✓ caught errors elsewhere do not stop it; no helper thread is left/)
    // the caught JSON.parse errors in the next test were not stopped at: no inspector is armed any more
    expect(term.text.match(/STOPPED/g)).toHaveLength(1)
    expect(await term.exited).toBe(0)
  })

  test('async test: stops at the assertion after the awaits; a top-level change waits for c; c without a fix pauses again', async () => {
    // a stop longer than the test timeout: the attempt still fails with its own error, not a timeout
    const { project, term } = inspectRun(runner, ['--testTimeout=500', 'test/async.test.ts'])
    await term.waitFor(/PAUSED.*async cart total/)
    await term.waitFor(PROMPT)
    term.type('i')

    await term.waitFor(/STOPPED.*async cart total/)
    await term.waitFor(/<anonymous> \(test\/async\.test\.ts:7:\d+\)\s+frame 1 of 1/)
    await term.waitFor(/result\s+= 15/)
    await term.waitFor(STOP_PROMPT)
    term.type('input.length')
    await term.waitFor(/\n\s*2\n/)
    await term.waitFor(STOP_PROMPT)
    term.type('up')
    await term.waitFor('outermost frame of your code')
    await term.waitFor(STOP_PROMPT)
    await new Promise((resolve) => setTimeout(resolve, 1000))

    // a new top-level binding needs a re-evaluation, which the stopped thread cannot run: it waits for c
    project.edit('src/cart.ts', 'export function total(', 'export const CURRENCY = "EUR"\n\nexport function total(')
    await term.waitFor(/later src\/cart\.ts: top-level code changed.* — patched when you continue/)
    await term.waitFor(STOP_PROMPT)
    term.type('c')
    await term.waitFor(/patched src\/cart\.ts \(re-evaluated: top-level code changed.*added CURRENCY/)

    // the bug itself was not fixed: the re-run fails and pauses again as usual
    await term.waitFor(/PAUSED.*async cart total/)
    await term.waitFor('attempt 3')
    await term.waitFor('expected 15 to be 25')
    await term.waitFor(PROMPT)
    project.edit('src/cart.ts', 'sum += item.price //', 'sum += item.price * item.qty //')
    await term.waitFor('patched src/cart.ts (live edit: total')
    await term.waitFor(PROMPT)
    term.type('c')
    await term.waitFor(/Tests\s+1 passed \(1\)/)
    expect(term.text).not.toMatch(/timed out/)
    expect(await term.exited).toBe(0)
  })

  test('threads pool: i says inspect needs forks, the prompt stays', async () => {
    const { project, term } = inspectRun(runner, ['--pool=threads', 'test/sync.test.ts'])
    await term.waitFor(/PAUSED.*cart total/)
    await term.waitFor(PROMPT)
    term.type('i')
    await term.waitFor(
      'inspect is not available here: inspect needs the test to run on the main thread of its process (Vitest: --pool=forks)',
    )
    await term.waitFor(PROMPT)
    project.edit('src/cart.ts', 'sum += item.price //', 'sum += item.price * item.qty //')
    await term.waitFor('patched src/cart.ts (live edit: total')
    await term.waitFor(PROMPT)
    term.type('c')
    await term.waitFor(/Tests\s+3 passed \(3\)/)
    expect(term.text).not.toMatch(/STOPPED/)
    expect(await term.exited).toBe(0)
  })

  test('a throw in src stops there; a save of a file on the stack waits for c, one off the stack is live-edited', async () => {
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

    project.edit('src/check.ts', '`total is', '`the total is')
    await term.waitFor('later src/check.ts: a function of it is on the stopped stack — patched when you continue')
    await term.waitFor(STOP_PROMPT)
    project.edit('src/cart.ts', 'sum += item.price //', 'sum += item.price * item.qty //')
    await term.waitFor('patched src/cart.ts (live edit: total')
    await term.waitFor(STOP_PROMPT)
    term.type('total(order)')
    await term.waitFor(/\n\s*12\n/)
    await term.waitFor(STOP_PROMPT)
    term.type('c')

    await term.waitFor('patched src/check.ts (live edit: assertTotal)')
    await term.waitFor(/Tests\s+1 passed \(1\)/)
    expect(await term.exited).toBe(0)
  })

  test('a changed message still stops at the same place; a passing re-run or another error does not stop', async () => {
    const { term } = inspectRun(runner, ['test/changing.test.ts'])
    await term.waitFor(/PAUSED.*a message that changes from run to run/)
    await term.waitFor(PROMPT)
    term.type('i')
    await term.waitFor(/STOPPED.*a message that changes from run to run/)
    await term.waitFor('expected 2 to be 5')
    await term.waitFor(/seen\s+= 2/)
    await term.waitFor(STOP_PROMPT)
    term.type('s')

    await term.waitFor(/PAUSED.*passes when re-run/)
    await term.waitFor(PROMPT)
    term.type('i')
    await term.waitFor(/PAUSED.*fails differently when re-run/)
    await term.waitFor(PROMPT)
    term.type('i')
    await term.waitFor(/PAUSED.*fails differently when re-run/)
    await term.waitFor('TypeError: a different failure')
    await term.waitFor('inspect: the re-run did not throw that error in your code')
    await term.waitFor(PROMPT)
    term.type('s')

    await term.waitFor(/Tests\s+2 failed \| 1 passed \(3\)/)
    expect(term.text).toMatch(/✓ passes when re-run .*\(retry x1\)/)
    expect(term.text.match(/STOPPED/g)).toHaveLength(1)
    expect(await term.exited).toBe(1)
  })

  test('Ctrl-C at the stop quits: the test runs on, the run ends, the terminal is given back', async () => {
    const { term } = inspectRun(runner, ['test/sync.test.ts'])
    await term.waitFor(/PAUSED.*cart total/)
    await term.waitFor(PROMPT)
    term.type('i')
    await term.waitFor(STOP_PROMPT)
    term.press('\x03')
    await term.waitFor('quit: this and later failures run normally')
    expect(await term.exited).not.toBe(0)
    expect(term.rawTail(200)).toContain('\x1b[?25h')
  })

  test('a worker killed while stopped is reported, and the run ends', async () => {
    const { term } = inspectRun(runner, ['test/sync.test.ts'])
    await term.waitFor(/PAUSED.*cart total/)
    await term.waitFor(PROMPT)
    term.type('i')
    const [, pid] = await term.waitFor(/STOPPED.*worker (\d+)/)
    await term.waitFor(STOP_PROMPT)
    process.kill(Number(pid), 'SIGKILL')
    await term.waitFor(new RegExp(`worker ${pid} exited while stopped \\(cart total\\)`))
    expect(await term.exited).not.toBe(0)
  })
})
