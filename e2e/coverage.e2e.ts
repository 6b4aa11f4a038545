import { afterEach, describe, expect, test } from 'vitest'
import { Project, type RunnerName } from './harness/project.js'
import { PROMPT } from './harness/session.js'
import type { Terminal } from './harness/terminal.js'

// V8 coverage counts the code that ran, which the loop instruments; the runner maps those counts with its own code.
// With the loop on, the coverage of src/shapes.ts (classes, getters, fields, arrows, destructured parameters,
// generators, async functions, code that never runs) is the plain run's, count for count. A file patched during a
// test file has counts of code no longer on disk: they are left out, and the run says so.

interface Subject {
  runner: RunnerName
  plain: [string, string[]]
  loop: [string, string[]]
}

const SUBJECTS: Subject[] = [
  {
    runner: 'vitest4',
    plain: ['vitest', ['run', '--coverage']],
    loop: ['vitest-reload', ['run', '--coverage', '--reload-loop', '--reload-dir', 'src']],
  },
  {
    runner: 'jest30',
    plain: ['jest', ['--coverage']],
    loop: ['jest-reload', ['--coverage', '--reload-loop', '--reload-dir', 'src']],
  },
  // 29.7 compiles a module inside a function's text: the counts' offsets start after it
  {
    runner: 'jest29',
    plain: ['jest', ['--coverage']],
    loop: ['jest-reload', ['--coverage', '--reload-loop', '--reload-dir', 'src']],
  },
]

type FileCoverage = Record<'s' | 'f' | 'b' | 'statementMap' | 'fnMap' | 'branchMap', unknown>

let project: Project | undefined
let term: Terminal | undefined
afterEach(() => {
  term?.kill()
  project?.remove()
  term = project = undefined
})

async function coverageOf(project: Project, [bin, args]: [string, string[]]): Promise<FileCoverage> {
  term = project.terminal(bin, args)
  await term.waitFor(/shapes\.ts\s+\|/, 90_000) // the text report's row
  expect(await term.exited).toBe(0)
  const json = JSON.parse(project.read('coverage/coverage-final.json')) as Record<string, FileCoverage>
  const [file] = Object.values(json)
  if (!file) throw new Error('no coverage of src/shapes.ts')
  return file
}

describe.each(SUBJECTS)('$runner', (subject) => {
  test('v8 coverage with the loop on counts what the plain run counts', async () => {
    project = new Project(subject.runner, 'v8-coverage')
    const plain = await coverageOf(project, subject.plain)
    const loop = await coverageOf(project, subject.loop)
    expect(term?.text).toMatch(/reload loop on/)
    // the fixture leaves code that never runs: zeros are compared too
    expect(Object.values(plain.f as Record<string, number>)).toContain(0)
    expect(loop).toEqual(plain)
  })
})

test.each(SUBJECTS.slice(0, 2))(
  '$runner: a file patched during the test file is left out of coverage, said',
  async (subject) => {
    project = new Project(subject.runner, 'v8-coverage')
    project.edit('src/shapes.ts', 'return n * RATE', 'return n * RATE * 2')
    term = project.terminal(...subject.loop)
    await term.waitFor(PROMPT, 90_000)
    project.edit('src/shapes.ts', 'return n * RATE * 2', 'return n * RATE')
    await term.waitFor('patched src/shapes.ts (updated scale)')
    await term.waitFor(PROMPT)
    term.type('c')
    await term.waitFor('coverage: src/shapes.ts was patched during this test file, so its counts are left out', 90_000)
    expect(await term.exited).toBe(0)
  },
)
