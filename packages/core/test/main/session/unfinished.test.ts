import { describe, expect, test } from 'vitest'
import { isUnfinished } from '../../../src/main/session/unfinished.js'

// What continues on the next line at the prompt, as in Node's REPL: a statement the line has not finished.

describe('an unfinished line', () => {
  test.each([
    ['function t(x) {', true],
    ['[1,', true],
    ['double(', true],
    ['`an open template', true],
    ['/* a note', true],
    ['const v = await load(', true],
    ['double(21)', false],
    ['{ a: 1 }', false],
    ['return 1', false],
    ['const v = await load(1)', false],
    ['nope)', false], // a syntax error of its own: evaluated, and reported by the test process
    ["'an open string", false], // as in Node's REPL: a string does not continue
  ])('%s → %s', async (line, unfinished) => {
    expect(await isUnfinished(line)).toBe(unfinished)
  })
})
