import { describe, expect, test } from 'vitest'
import { isUserFile } from '../../src/worker/inspect/frames.js'
import { stackPlaces } from '../../src/worker/inspect/thrown.js'

// Which frames are the user's, and where the previous failure was thrown: what the helper stops at.

describe('user frames', () => {
  const code = { testFile: '/p/test/cart.test.ts', root: '/p/src' }
  test.each([
    ['/p/test/cart.test.ts', true], // the test file, wherever it is
    ['/p/src/cart.ts', true], // under the reload dir
    ['/p/src/deep/x.ts', true],
    ['/p/srcs/other.ts', false], // a sibling that merely starts with the same letters
    ['/p/src/node_modules/lib/index.js', false], // never node_modules
    ['/p/node_modules/@vitest/expect/dist/index.js', false],
    ['/p/test/other.test.ts', false], // another test file outside the reload dir
  ])('%s → %s', (file, expected) => {
    expect(isUserFile(file, code)).toBe(expected)
  })
})

describe('places of a stack', () => {
  test('named and anonymous frames, file URLs, percent-encoding', () => {
    const stack = [
      'AssertionError: expected 1 to be 5',
      '    at expectTotal (/p/test/cart.test.ts:6:18)',
      '    at /p/test/cart.test.ts:17:3',
      '    at file:///p/src/my%20cart.ts:4:9',
      '    at node:internal/process/task_queues:95:5',
    ].join('\n')
    expect([...stackPlaces(stack)]).toEqual([
      '/p/test/cart.test.ts:6',
      '/p/test/cart.test.ts:17',
      '/p/src/my cart.ts:4',
    ])
    expect(stackPlaces(undefined).size).toBe(0)
  })
})
