import { expect, test } from 'vitest'
import { PROMPT, useTerminal } from './harness/session.js'
import type { Terminal } from './harness/terminal.js'

// Project shapes users have: a monorepo root whose tests import a sibling package's source through an alias, tests
// in several projects (node, jsdom, happy-dom), coverage on. One fix in the sibling package makes every project green.
// Coverage stays on: Jest's istanbul counters and Vitest's v8 counts (coverage.e2e.ts compares them with plain runs).

const start = useTerminal()

/** Answers `c` at every pause until the run's summary shows: the projects' workers may pause one after the other. */
async function continueUntil(term: Terminal, summary: RegExp): Promise<void> {
  const either = new RegExp(`(${summary.source})|${PROMPT.source}`)
  for (;;) {
    const [, summaryShown] = await term.waitFor(either, 90_000)
    if (summaryShown) return
    term.type('c')
  }
}

test('Vitest: projects (node, jsdom, happy-dom), a sibling package through an alias, --coverage', async () => {
  const { project, term } = start('vitest4', 'vitest-shapes', 'vitest-reload', ['run', '--coverage', '--reload-loop'])
  await term.waitFor('reload loop on')
  await term.waitFor(/PAUSED\s+(a badge shows the price in the document|formats cents as dollars)/)
  await term.waitFor(PROMPT)
  project.edit('packages/format/src/index.ts', 'cents / 10)', 'cents / 100)')
  await term.waitFor('patched packages/format/src/index.ts (updated formatPrice)')
  await term.waitFor(PROMPT)
  term.type('c')
  await continueUntil(term, /Tests\s+3 passed \(3\)/)
  expect(term.text).toMatch(/✓\s+happy-dom\s+test\/dom\/badge\.test\.ts/)
  expect(term.text).toMatch(/✓\s+jsdom\s+test\/dom\/badge\.test\.ts/)
  expect(term.text).toMatch(/✓\s+node\s+test\/node\/format\.test\.ts/)
  expect(await term.exited).toBe(0)
  // the patched file's counts are of code no longer on disk (coverage.e2e.ts has the figures)
  expect(term.text).toContain('coverage: packages/format/src/index.ts was patched during this test file')
  expect(term.text).toMatch(/badge\.ts\s+\|/) // the coverage table
})

test('Jest: projects (node, jsdom), a sibling package through moduleNameMapper, --coverage', async () => {
  const { project, term } = start('jest30', 'jest-shapes', 'jest-reload', ['--reload-loop', '--coverage'])
  await term.waitFor(/PAUSED\s+(a badge shows the price in the document|formats cents as dollars)/)
  await term.waitFor(PROMPT)
  project.edit('packages/format/src/index.ts', 'cents / 10)', 'cents / 100)')
  await term.waitFor('patched packages/format/src/index.ts (updated formatPrice)')
  await term.waitFor(PROMPT)
  term.type('c')
  await continueUntil(term, /Tests:\s+2 passed, 2 total/)
  expect(term.text).toMatch(/PASS\s+jsdom\s+test\/dom\/badge\.test\.ts/)
  expect(term.text).toMatch(/PASS\s+node\s+test\/node\/format\.test\.ts/)
  expect(await term.exited).toBe(0)
  expect(term.text).toMatch(/badge\.ts\s+\|\s+100/) // the coverage table
})
