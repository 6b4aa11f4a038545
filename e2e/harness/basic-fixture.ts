import { expect } from 'vitest'
import type { Project } from './project.js'
import { PROMPT } from './session.js'
import type { Terminal } from './terminal.js'

/**
 * e2e/fixtures/vitest-basic's first two pauses: `double` fails, its fix is patched and `c` passes it (and `quadruple`,
 * which imports it); the Greeter made in `beforeAll` pauses next, at its prompt.
 */
export async function fixDoubleThenGreeterPauses(project: Project, term: Terminal): Promise<void> {
  await term.waitFor(/PAUSED.*math > double/)
  await term.waitFor('expected 6 to be 4')
  await term.waitFor(PROMPT)
  project.edit('src/math.ts', 'x * 3', 'x * 2')
  await term.waitFor('patched src/math.ts (updated double)')
  await term.waitFor(PROMPT)
  term.type('c')
  await term.waitFor(/PAUSED.*math > greeter made in beforeAll/)
  await term.waitFor(PROMPT)
}

/** The end of a vitest-basic session after `c`: all 4 passed, `double` on its re-run, `beforeAll` once, no pause for `quadruple`. */
export async function basicRunPassed(term: Terminal): Promise<void> {
  await term.waitFor(/Tests\s+4 passed \(4\)/)
  expect(term.text).toMatch(/✓ double .*\(retry x1\)/)
  expect(term.text).toMatch(/✓ setup ran once/)
  expect(term.text).not.toMatch(/quadruple through another module.*\n.*PAUSED/)
}
