import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { describeLocation, parseStack } from '../../src/worker/error-location.js'

// Where a failure was thrown, as the pause header shows it on Vitest: the frames of the project and the code there.

const root = mkdtempSync(path.join(tmpdir(), 'mp-location-'))
mkdirSync(path.join(root, 'src'))
writeFileSync(
  path.join(root, 'src/math.ts'),
  "export function double(n: number): number {\n  if (n > 10) throw new Error('too big')\n  return n * 2\n}\n",
)
afterAll(() => rmSync(root, { recursive: true, force: true }))

const stack = [
  'Error: too big',
  `    at double (${root}/src/math.ts:2:21)`,
  `    at file://${root}/test/math.test.ts:5:10`,
  `    at async runTest (${root}/node_modules/@vitest/runner/dist/index.js:1:2)`,
  '    at node:internal/process/task_queues:95:5',
].join('\n')

describe('parseStack', () => {
  test('named and anonymous frames, file URLs as paths', () => {
    expect(parseStack(stack).slice(0, 2)).toEqual([
      { method: 'double', file: `${root}/src/math.ts`, line: 2, column: 21 },
      { method: '', file: `${root}/test/math.test.ts`, line: 5, column: 10 },
    ])
  })
})

describe('describeLocation', () => {
  test('the project frames as Vitest shows them, with the code and a caret at the first', () => {
    expect(describeLocation(stack, root)).toEqual([
      ' ❯ double src/math.ts:2:21',
      '      1| export function double(n: number): number {',
      "      2|   if (n > 10) throw new Error('too big')",
      '       |                     ^',
      '      3|   return n * 2',
      '      4| }',
      ' ❯ test/math.test.ts:5:10',
    ])
  })

  test('no stack, or none of it in the project: nothing', () => {
    expect(describeLocation(undefined, root)).toEqual([])
    expect(describeLocation('Error: x\n    at node:internal/x:1:1', root)).toEqual([])
  })
})
