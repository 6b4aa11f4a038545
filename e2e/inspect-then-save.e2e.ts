import { describe, expect, test } from 'vitest'
import { STOP_PROMPT } from './harness/inspect-script.js'
import type { RunnerName } from './harness/project.js'
import { PROMPT, useTerminal } from './harness/session.js'

// After `i` and `c` (the stopped test ran on and failed again), a body edit of the test file patches as it does
// without `i`: the inspected attempt leaves nothing behind that makes the test file's functions read-only.

const start = useTerminal()

describe.each<[RunnerName, string, string, string[]]>([
  ['vitest4', 'vitest-inspect', 'test/sync.test.ts', ['vitest-reload', 'run', '--reload-loop', '--reload-dir', 'src']],
  ['jest30', 'jest-inspect', 'test/sync.test.js', ['jest-reload', '--reload-loop', '--reload-dir', 'src']],
])('%s', (runner, fixture, testFile, [bin, ...args]) => {
  test('i, then c, then a save of the test file: patched, and the re-run runs it', async () => {
    const { project, term } = start(runner, fixture, bin!, [...args, testFile])
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
