import { expect, test } from 'vitest'
import { PROMPT, useTerminal } from './harness/session.js'

// Vitest `test.projects` as hono and zod have them: an inline project with `extends: true` (which re-reads the config
// file, where the bin's plugin is not), an inline project on its own, and a glob of packages with their own configs.
// The inline projects pause; the packages' projects run as without the loop, and the start says why.

const start = useTerminal()

test('Vitest projects: inline ones pause (extends: true too); a glob of own configs is named at the start', async () => {
  const { project, term } = start('vitest4', 'vitest-projects', 'vitest-reload', ['run', '--reload-loop'])
  await term.waitFor(
    'projects from `packages/*` load their own config: the loop runs there only if it adds reloadLoop()',
  )
  const fixes: Record<string, [string, string, string]> = {
    unit: ['src/math.ts', 'n * 3 // BUG: triples', 'n * 2'],
    plain: ['src/sum.ts', 'a - b // BUG: subtracts', 'a + b'],
  }
  for (let i = 0; i < 2; i++) {
    const [, name] = await term.waitFor(/PAUSED\s+(unit|plain): /)
    const [file, from, to] = fixes[name as string]!
    await term.waitFor(PROMPT)
    project.edit(file, from, to)
    await term.waitFor(`patched ${file}`)
    await term.waitFor(PROMPT)
    term.type('c')
  }
  await term.waitFor(/Tests\s+1 failed \| 2 passed \(3\)/)
  expect(term.text).toMatch(/✓\s+unit\s+test\/unit\/math\.test\.ts/)
  expect(term.text).toMatch(/✓\s+plain\s+test\/plain\/sum\.test\.ts/)
  expect(term.text).toMatch(/FAIL\s+lib\s+test\/half\.test\.ts > lib: half/)
  expect(term.text).not.toMatch(/PAUSED\s+lib/)
  expect(await term.exited).toBe(1)
})
