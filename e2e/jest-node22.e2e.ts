import { afterEach, expect, test } from 'vitest'
import { Project } from './harness/project.js'
import type { Terminal } from './harness/terminal.js'

// Jest 30 on Node 22 (that runner package brings node@22 onto its PATH): pause, patch, re-run, quit.

let project: Project | undefined
let term: Terminal | undefined

afterEach(() => {
  term?.kill()
  project?.remove()
})

test('jest 30 on node 22: a fixed body re-runs green in the same process', async () => {
  project = new Project('jest30-node22', 'jest-ts')
  term = project.terminal('jest-reload', ['--reload-loop', '--reload-dir', 'src'])
  const t = term
  await t.waitFor(/PAUSED\s+math › doubles/)
  await t.waitFor('or evaluate')
  t.type('process.version')
  await t.waitFor(/'v22\.\d+\.\d+'/)
  project.edit('src/math.ts', 'x * 3', 'x * 2')
  await t.waitFor('patched src/math.ts (updated double)')
  t.type('c')
  await t.waitFor(/PAUSED\s+captured › triples/) // doubles and quadruples passed: the next failure pauses
  await t.waitFor('or evaluate')
  t.type('q')
  expect(await t.exited).not.toBe(0)
  expect(t.text.match(/beforeAll ran 1 time/g)).toHaveLength(1)
})
