import { describe, expect, test } from 'vitest'
import { passingIn } from '../../src/worker/inspect/frame-evaluate.js'
import { isUserFile } from '../../src/worker/inspect/frames.js'
import { enclosingFunctions } from '../../src/worker/inspect/scopes.js'
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

describe('the scopes around a stopped frame, grouped by function', () => {
  const scope = (type: string, id: string) => ({ type, object: { objectId: id } as never })
  const ids = (groups: ReturnType<typeof enclosingFunctions>) => groups.map((g) => g.map((s) => s.object.objectId))

  test("a function's blocks go with it; the runner's wrapper opens a block for the module code (Vitest)", () => {
    const outer = [scope('closure', 'outer'), scope('block', 'module code'), scope('closure', 'wrapper')]
    expect(ids(enclosingFunctions([...outer, scope('global', 'g')]))).toEqual([['outer'], ['module code', 'wrapper']])
  })

  test('a native ES module is a scope of its own; script and global scopes are not listed', () => {
    const outer = [scope('closure', 'outer'), scope('module', 'esm'), scope('script', 's'), scope('global', 'g')]
    expect(ids(enclosingFunctions(outer))).toEqual([['outer'], ['esm']])
  })
})

describe('names passed into a line evaluated in a frame', () => {
  test('none: the line as typed', () => {
    expect(passingIn('total(input)', [])).toBe('total(input)')
  })

  test('as parameters of an arrow that evals the line: statements keep their value, locals stay in reach', () => {
    const line = passingIn('const twice = double(n); twice + 1', ['double'])
    expect(line).toBe('((double) => eval("const twice = double(n); twice + 1"))(globalThis["double"])')
    // the frame: `n` is a local, `double` a module binding no closure captured (gone, yet shadowing the global)
    const frame = new Function('n', 'globalThis', `return ${line}`)
    expect(frame(20, { double: (x: number) => x * 2 })).toBe(41)
  })

  test('names that cannot be parameters (exports named default, null, enum, function) are left out, the rest kept', () => {
    const line = passingIn('1 + 1', ['default', 'null', 'enum', 'function', 'await', 'eval', 'arguments', 'double'])
    expect(line).toBe('((double) => eval("1 + 1"))(globalThis["double"])')
    expect(new Function(`return ${line}`)()).toBe(2)
  })
})
