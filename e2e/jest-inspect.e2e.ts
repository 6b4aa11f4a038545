import { describe, expect, test } from 'vitest'
import type { RunnerName } from './harness/project.js'
import { PROMPT, useTerminal } from './harness/session.js'

// Inspect (issue 5) with Jest, in band: at the pause, `i` re-runs the failing test stopped at its throw. The test
// thread is stopped, so the prompt is served by the session's own thread: the frame of the user's code with its
// locals, evaluate in it, up and down; a save and `c` make the re-run pass.

const STOP_PROMPT = /c continue · up · down · where · q quit/
const start = useTerminal()
const inspectRun = (runner: RunnerName, args: string[]) =>
  start(runner, 'jest-inspect', 'jest-reload', ['--reload-loop', '--reload-dir', 'src', ...args])

describe.each<RunnerName>(['jest30', 'jest29'])('%s', (runner) => {
  test('i stops at the assertion: locals, evaluate, up, where; a fix saved while stopped, c → green', async () => {
    const { project, term } = inspectRun(runner, ['test/sync.test.js'])
    await term.waitFor(/PAUSED\s+cart total/)
    await term.waitFor('Expected: 25')
    await term.waitFor(PROMPT)
    term.type('i')

    await term.waitFor(/STOPPED\s+cart total/)
    await term.waitFor(/expectTotal \(test\/sync\.test\.js:5:\d+\)\s+frame 1 of 2/)
    await term.waitFor(/> 5 \|\s+expect\(result\)\.toBe\(expected\)/)
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
    await term.waitFor(/test\/sync\.test\.js:12:\d+\)\s+frame 2 of 2/)
    await term.waitFor(/cart\s+= 'pens and ink'/)
    await term.waitFor(STOP_PROMPT)
    term.type('where')
    await term.waitFor(/ {2}#1 expectTotal \(test\/sync\.test\.js:5:\d+\)\n\s*> #2 .*\(test\/sync\.test\.js:12:\d+\)/)
    await term.waitFor(STOP_PROMPT)

    term.type('down')
    await term.waitFor(/expectTotal \(test\/sync\.test\.js:5:\d+\)\s+frame 1 of 2/)
    await term.waitFor(STOP_PROMPT)

    // total() is not on the stack any more: the save is live-edited into the stopped test thread, with Jest's
    // transform run on the session's thread
    project.edit('src/cart.js', 'sum += item.price //', 'sum += item.price * item.qty //')
    await term.waitFor('patched src/cart.js (live edit: total')
    await term.waitFor(STOP_PROMPT)
    term.type('total(input)')
    await term.waitFor(/\n\s*25\n/)
    await term.waitFor(STOP_PROMPT)
    term.type('c')

    await term.waitFor(/Tests:\s+2 passed, 2 total/)
    expect(term.text.match(/STOPPED/g)).toHaveLength(1)
    expect(await term.exited).toBe(0)
  })

  test('TypeScript through ts-jest: the frame is source-mapped; a save is live-edited with ts-jest while stopped', async () => {
    const { project, term } = inspectRun(runner, ['test/typed.test.ts'])
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
    await term.waitFor('patched src/price.ts (live edit: withTax')
    await term.waitFor(STOP_PROMPT)
    term.type('c')
    await term.waitFor(/Tests:\s+1 passed, 1 total/)
    expect(await term.exited).toBe(0)
  })

  test('async test: stops at the assertion after the awaits; c without a fix pauses again', async () => {
    const { project, term } = inspectRun(runner, ['test/async.test.js'])
    await term.waitFor(/PAUSED\s+async cart total/)
    await term.waitFor(PROMPT)
    term.type('i')

    await term.waitFor(/STOPPED\s+async cart total/)
    await term.waitFor(/test\/async\.test\.js:6:\d+\)\s+frame 1 of 1/)
    await term.waitFor(/result\s+= 15/)
    await term.waitFor(STOP_PROMPT)
    term.type('input.length')
    await term.waitFor(/\n\s*2\n/)
    await term.waitFor(STOP_PROMPT)
    term.type('c')

    await term.waitFor(/PAUSED\s+async cart total/)
    await term.waitFor(PROMPT)
    project.edit('src/cart.js', 'sum += item.price //', 'sum += item.price * item.qty //')
    await term.waitFor(/patched src\/cart\.js/)
    await term.waitFor(PROMPT)
    term.type('c')
    await term.waitFor(/Tests:\s+1 passed, 1 total/)
    expect(await term.exited).toBe(0)
  })

  test('another error in the re-run does not stop: the pause says so', async () => {
    const { term } = inspectRun(runner, ['test/changing.test.js'])
    await term.waitFor(/PAUSED\s+fails differently when re-run/)
    await term.waitFor(PROMPT)
    term.type('i')
    await term.waitFor('TypeError: a different failure')
    await term.waitFor('inspect: the re-run did not throw that error in your code')
    await term.waitFor(PROMPT)
    term.type('s')
    await term.waitFor(/Tests:\s+1 failed, 1 total/)
    expect(term.text).not.toMatch(/STOPPED/)
    expect(await term.exited).toBe(1)
  })

  test('Ctrl-C at the stop quits: the test fails as it would have, the run ends', async () => {
    const { term } = inspectRun(runner, ['test/sync.test.js'])
    await term.waitFor(/PAUSED\s+cart total/)
    await term.waitFor(PROMPT)
    term.type('i')
    await term.waitFor(STOP_PROMPT)
    term.press('\x03')
    await term.waitFor('quit: this and later failures run normally')
    await term.waitFor(/Tests:\s+1 failed, 1 passed, 2 total/)
    expect(await term.exited).not.toBe(0)
  })
})
