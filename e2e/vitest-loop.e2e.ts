import { describe, expect, test } from 'vitest'
import type { RunnerName } from './harness/project.js'
import { PROMPT, useTerminal } from './harness/session.js'

// A person's session with `vitest-reload --reload-loop` in a real terminal: a test fails and the run pauses, files
// are saved, the prompt says what was patched, `c` re-runs the test in the same worker.

const start = useTerminal()

/** The Vitest and Node versions each runner package brings. */
const VERSIONS: Partial<Record<RunnerName, [RegExp, string]>> = {
  'vitest40-node24': [/RUN\s+v4\.0\./, 'tests run on node v24.'],
  vitest4: [/RUN\s+v4\.1\./, 'tests run on node v20.'],
  vitest5: [/RUN\s+v5\./, 'tests run on node v22.'],
}

describe.each<RunnerName>(['vitest40-node24', 'vitest4', 'vitest5'])('%s', (runner) => {
  test('fix a body, a stale import through another module, an instance from beforeAll; setup runs once', async () => {
    const { project, term } = start(runner, 'vitest-basic', 'vitest-reload', [
      'run',
      '--reload-loop',
      '--reload-dir',
      'src',
    ])
    await term.waitFor('reload loop on')
    const [version, node] = VERSIONS[runner]!
    await term.waitFor(version)
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
    project.edit('src/greeter.ts', 'Hi,', 'Hello,')
    await term.waitFor(/patched src\/greeter\.ts \(updated .*Greeter#greet/)
    await term.waitFor(PROMPT)
    term.type('c')

    await term.waitFor(/Tests\s+4 passed \(4\)/)
    expect(term.text).toMatch(/✓ double .*\(retry x1\)/)
    expect(term.text).toMatch(/✓ setup ran once/)
    expect(term.text).not.toMatch(/quadruple through another module.*\n.*PAUSED/)
    expect(await term.exited).toBe(0)
  })
})
