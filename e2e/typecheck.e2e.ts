import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Project, type RunnerName } from './harness/project.js'
import { paused, session, useTerminal } from './harness/session.js'
import type { Terminal } from './harness/terminal.js'

// ts-jest's default preset (no isolatedModules: it type-checks every file it compiles). A save is patched from a
// transpile-only compile, and its type errors come right after, in a line of their own; a syntax error still refuses
// the patch. One Jest run per runner: its steps share the terminal, and a failed step skips the rest.

const RUNNERS: RunnerName[] = ['jest30', 'jest29']
const STEP_TIMEOUT = 60_000

describe.each(RUNNERS)('%s: ts-jest type-checks (default preset)', (runner) => {
  const step = session()
  let project: Project
  let term: Terminal

  beforeAll(() => {
    project = new Project(runner, 'jest-ts-checked')
    term = project.terminal('jest-reload', ['--reload-loop', '--reload-dir', 'src'])
  })
  afterAll(() => {
    term.kill()
    project.remove()
  })

  step('a failing test pauses', async () => {
    await term.waitFor(paused('math › doubles'), STEP_TIMEOUT)
    await term.waitFor('or evaluate')
  })

  step('a fix with a type error is patched, and its type error is reported right after, naming file:line', async () => {
    project.write(
      'src/math.ts',
      "export function double(x: number): number {\n  const unit: number = 'one'\n  return x * 2\n}\n",
    )
    await term.waitFor('patched src/math.ts (updated double)')
    await term.waitFor(
      /type error in src\/math\.ts:2:9 TS2322 Type 'string' is not assignable to type 'number'\. — patched anyway[^\n]*\n/,
    )
    // the prompt is drawn again below the notice
    await term.waitFor('or evaluate')
  })

  step('a syntax error refuses the patch with a clear line; old code keeps running', async () => {
    project.write('src/limits.ts', 'export const LIMIT = = 10\n')
    await term.waitFor(
      /error src\/limits\.ts: src\/limits\.ts:1:22 - error TS1109: Expression expected\. — old code keeps running/,
    )
    term.type('LIMIT')
    await term.waitFor(/LIMIT\s+5\n/)
  })

  step('c re-runs the test with the new code: it passes', async () => {
    term.type('c')
    await term.waitFor(paused('limits › has the new limit'), STEP_TIMEOUT)
    expect(term.text).toMatch(/✓ doubles|PASS|limits/)
  })

  step('a top-level change runs the code the patch compiled: a type error does not stop it either', async () => {
    project.write('src/limits.ts', 'const BASE: string = 5\n\nexport const LIMIT = Number(BASE) * 2\n')
    await term.waitFor(/patched src\/limits\.ts \(updated LIMIT; added BASE\)/)
    await term.waitFor(/type error in src\/limits\.ts:1:7 TS2322 Type 'number' is not assignable to type 'string'\./)
  })

  step('a fix that type-checks is patched, with no type-error line', async () => {
    project.write('src/limits.ts', 'const BASE: number = 5\n\nexport const LIMIT = BASE * 2\n')
    await term.waitFor(/patched src\/limits\.ts \(updated LIMIT\)/)
    await new Promise((resolve) => setTimeout(resolve, 3000)) // a warm check takes well under this
    expect(term.recent).not.toContain('type error')
    term.type('c')
    expect(await term.exited).toBe(0)
    expect(term.text).toMatch(/Tests:\s+2 passed, 2 total/)
  })

  step('nothing of ts-jest warns about its options (no deprecation, no isolatedModules advice)', async () => {
    expect(term.text).not.toMatch(/deprecated|ts-jest\[/i)
  })
})

// typestack/class-validator configures ts-jest under `globals`, which ts-jest warns about at each start of its
// transformer: the run's own transform says it once, as a plain run does; the type-check thread must not say it
// again over the prompt.
describe.each(RUNNERS)('%s, a project whose ts-jest config makes ts-jest warn', (runner) => {
  const start = useTerminal()

  it('the warning shows once, as in a plain run, and nothing of the type check lands on the prompt', async () => {
    const { project, term } = start(
      runner,
      'jest-ts-checked',
      'jest-reload',
      ['--reload-loop', '--reload-dir', 'src'],
      {
        prepare: (copy) =>
          copy.write(
            'jest.config.js',
            "module.exports = {\n  preset: 'ts-jest',\n  testEnvironment: 'node',\n  globals: { 'ts-jest': { tsconfig: 'tsconfig.json' } },\n}\n",
          ),
      },
    )
    await term.waitFor(paused('math › doubles'), STEP_TIMEOUT)
    await term.waitFor('or evaluate')
    project.write(
      'src/math.ts',
      "export function double(x: number): number {\n  const unit: number = 'one'\n  return x * 2\n}\n",
    )
    await term.waitFor(/type error in src\/math\.ts:2:9 TS2322/)
    await term.waitFor('or evaluate')
    expect(term.text.match(/is deprecated/g)).toHaveLength(1)
    term.type('q')
    await term.exited
  })
})
