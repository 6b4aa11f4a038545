import { parse } from 'acorn'
import { describe, expect, test } from 'vitest'
import { instrument } from '../../src/instrument/instrument.js'

// What instrumenting adds must parse wherever the module's own code did: the runners' transforms always end their
// directives with a semicolon, a program's own files (the reloader) often do not.

const parses = (code: string) => parse(code, { ecmaVersion: 'latest', sourceType: 'script' })

describe('the module prologue', () => {
  test.each([
    ["'use strict'\nmodule.exports = function f() {}\n", 'a directive without its semicolon'],
    ["'use strict';\nmodule.exports = function f() {}\n", 'a directive with its semicolon'],
    ["'use strict'\n'another'\nfunction f() {}\n", 'two directives'],
    ['function f() {}\n', 'no directive'],
  ])('goes after the directives and parses: %j (%s)', (code) => {
    const { code: instrumented } = instrument(code, '/p/lib.js')
    expect(() => parses(instrumented)).not.toThrow()
    expect(instrumented.split('\n').length).toBe(code.split('\n').length)
  })
})
