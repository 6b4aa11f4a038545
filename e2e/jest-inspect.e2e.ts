import { describe, expect, test } from 'vitest'
import {
  anotherErrorDoesNotStop,
  type InspectSubject,
  pausedAgainThenFix,
  quitAtStop,
  STOP_PROMPT,
  stopInAsyncTest,
  stopInExpectTotalAndFix,
  stopThenMoveTheThrow,
} from './harness/inspect-script.js'
import type { RunnerName } from './harness/project.js'
import { PROMPT, useTerminal } from './harness/session.js'

// Inspect on Jest, in band: the script a person follows is shared with Vitest (harness/inspect-script.ts). The test
// thread is stopped, so the prompt is served by the session's own thread; saves while stopped go through Jest's
// transform there (ts-jest included), which is what only Jest has here.

const jest: InspectSubject = {
  ext: 'js',
  paused: (test) => new RegExp(`PAUSED\\s+${test}`),
  stopped: (test) => new RegExp(`STOPPED\\s+${test}`),
  failure: 'Expected: 25',
  lines: { assertion: 5, call: 12, asyncAssertion: 6 },
  testBody: '.*',
}

const start = useTerminal()
const inspectRun = (runner: RunnerName, args: string[]) =>
  start(runner, 'jest-inspect', 'jest-reload', ['--reload-loop', '--reload-dir', 'src', ...args])

describe.each<RunnerName>(['jest30', 'jest29', 'jest30-node26'])('%s', (runner) => {
  test('i stops at the assertion: locals, evaluate, up, where; a fix saved while stopped, c → green', async () => {
    const run = inspectRun(runner, ['test/sync.test.js'])
    const { term } = run
    await stopInExpectTotalAndFix(jest, run)

    await term.waitFor(/Tests:\s+2 passed, 2 total/)
    expect(term.text.match(/STOPPED/g)).toHaveLength(1)
    expect(await term.exited).toBe(0)
  })

  test('TypeScript through ts-jest: the frame is source-mapped; a save is patched with ts-jest’s transform while stopped', async () => {
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
    await term.waitFor('patched src/price.ts (updated withTax')
    await term.waitFor(STOP_PROMPT)
    term.type('c')
    await term.waitFor(/Tests:\s+1 passed, 1 total/)
    expect(await term.exited).toBe(0)
  })

  test('a save while stopped that moves the throw down two lines: the re-run reports the new line', async () => {
    const run = inspectRun(runner, ['test/moved.test.ts'])
    await stopThenMoveTheThrow(jest, run)
    // the final report names the new line too
    await run.term.waitFor(/checkOrder \(?src\/order\.ts:8:\d+/)
    await run.term.waitFor(/Tests:\s+1 failed, 1 total/)
    expect(await run.term.exited).toBe(1)
  })

  test('async test: stops at the assertion after the awaits; c without a fix pauses again', async () => {
    const run = inspectRun(runner, ['test/async.test.js'])
    await stopInAsyncTest(jest, run.term)
    run.term.type('c')
    await pausedAgainThenFix(jest, run)
    await run.term.waitFor(/Tests:\s+1 passed, 1 total/)
    expect(await run.term.exited).toBe(0)
  })

  test('another error in the re-run does not stop: the pause says so', async () => {
    const { term } = inspectRun(runner, ['test/changing.test.js'])
    await anotherErrorDoesNotStop(jest, term)
    await term.waitFor(/Tests:\s+1 failed, 1 total/)
    expect(term.text).not.toMatch(/STOPPED/)
    expect(await term.exited).toBe(1)
  })

  test('Ctrl-C at the stop quits: the test fails as it would have, the run ends', async () => {
    const { term } = inspectRun(runner, ['test/sync.test.js'])
    await quitAtStop(jest, term)
    // quit ends the run: the file's later test does not run — on Jest 29 it ran already, before the deferred re-run
    const counts = runner === 'jest29' ? '1 failed, 1 passed, 2 total' : '1 failed, 1 skipped, 2 total'
    await term.waitFor(new RegExp(`Tests:\\s+${counts}`))
    expect(await term.exited).not.toBe(0)
  })
})
