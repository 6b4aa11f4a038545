import { expect, test } from 'vitest'
import { PROMPT, useTerminal } from './harness/session.js'

// @swc/jest (react-hook-form's transform, and many projects'): saves patch as with ts-jest and babel-jest; a test-file
// save that moves lines is named at its new line by the next pause and by `$error.stack`; a syntax error says where.

const start = useTerminal()

/** The ts-jest fixture's project, with @swc/jest as react-hook-form configures it. */
const SWC_CONFIG = `module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\\\.tsx?$': '@swc/jest' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
}
`

test('@swc/jest: a test-file save that moves lines, the right line after; a syntax error with its line; a fix, c → green', async () => {
  const args = ['--reload-loop', '--reload-dir', 'src', '-t', 'doubles']
  const { project, term } = start('jest30', 'jest-ts', 'jest-reload', args, {
    prepare: (p) => p.write('jest.config.js', SWC_CONFIG),
  })
  await term.waitFor(/PAUSED\s+math › doubles/)
  await term.waitFor('> 22 |     expect(double(2)).toBe(4)')
  await term.waitFor(PROMPT)
  project.edit('test/loop.test.ts', "describe('math', () => {", "// one\n// two\ndescribe('math', () => {")
  await term.waitFor(/patched test\/loop\.test\.ts \(moved /)
  await term.waitFor(PROMPT)
  term.type('c')
  await term.waitFor(/PAUSED\s+math › doubles/)
  await term.waitFor('> 24 |     expect(double(2)).toBe(4)')
  await term.waitFor(PROMPT)
  term.type('$error.stack.split("\\n").find((l) => l.includes("loop.test")).trim()')
  await term.waitFor(/at Object\.toBe \(\S*test\/loop\.test\.ts:24:23\)/)
  await term.waitFor(PROMPT)
  project.write('src/math.ts', 'export function double(x: number): number {\n  return x * \n}\n')
  await term.waitFor('error src/math.ts: Expression expected (line 3, column 1) — old code keeps running')
  await term.waitFor(PROMPT)
  project.write('src/math.ts', 'export function double(x: number): number {\n  return x * 2\n}\n')
  await term.waitFor('patched src/math.ts (updated double)')
  await term.waitFor(PROMPT)
  term.type('c')
  await term.waitFor(/Tests:\s+\d+ skipped, 1 passed/)
  expect(await term.exited).toBe(0)
})
