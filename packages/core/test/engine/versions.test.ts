import { describe, expect, test } from 'vitest'
import { versionSource } from '../../src/engine/versions.js'
import { type Instrumented, instrument } from '../../src/instrument/instrument.js'
import { VERSION_MARK } from '../../src/shared/protocol.js'
import { FILE } from '../harness/plan.js'
import { siteOf } from '../harness/sites.js'

// A function's new text as code an old scope evaluates (docs/architecture.md, "Compiling a new version"): it starts on
// the line and at the column it has in the new (instrumented) code, so stack frames of the new code point where the
// runner's map of the new code expects them, and it runs with the old scope's variables, `this` and `super`.

/** The new code, instrumented, and the source of one function's version in it. */
function versionOf(code: string, id: string): { fresh: Instrumented; source: string } {
  const fresh = instrument(code, FILE)
  return { fresh, source: versionSource(fresh, siteOf(fresh.map, id), FILE) }
}

/** The check table of the new code: every function in it runs its own text (no further version is looked up). */
const checksOf = (fresh: Instrumented) => Object.fromEntries(fresh.map.functions.map((s) => [s.id, s.hash]))

/** Line (0-based) and column of the first occurrence of `text`. */
function where(code: string, text: string): { line: number; column: number } {
  const lines = code.split('\n')
  const line = lines.findIndex((l) => l.includes(text))
  return { line, column: (lines[line] as string).indexOf(text) }
}

describe('where the new text starts', () => {
  test('a nested function starts on its line and at its column in the new code', () => {
    const code = 'function outer() {\n  const k = 1\n  return function inner(n) { return n + k }\n}\n'
    const { fresh, source } = versionOf(code, 'outer/inner')
    expect(where(source, 'function inner')).toEqual({ line: 2, column: 9 })
    expect(where(fresh.code, 'function inner')).toEqual({ line: 2, column: 9 })
  })

  test("a function on the directive's line starts at its column after the module prologue", () => {
    const { fresh, source } = versionOf("'use strict'; function a() { return 1 }\n", 'a')
    const column = fresh.code.indexOf('function a')
    expect(column).toBeGreaterThan("'use strict'; ".length)
    expect(where(source, 'function a')).toEqual({ line: 0, column })
  })

  test("a method's parameters start where they are in the new code, its name before them", () => {
    const code = 'class Box {\n  size = 1\n  grow(by) { return this.size + by }\n}\n'
    const { fresh, source } = versionOf(code, 'Box#grow')
    expect(where(source, '(by) {')).toEqual(where(fresh.code, '(by) {'))
    expect(where(source, '(by) {')).toEqual({ line: 2, column: 6 })
  })

  test('it ends with the version mark and names the file as its sourceURL', () => {
    const { source } = versionOf('function a() { return 1 }\n', 'a')
    expect(source.endsWith(`)\n${VERSION_MARK}\n//# sourceURL=${FILE}`)).toBe(true)
  })
})

describe('compiled in an old scope', () => {
  test("a function's new text reads the variables of the closure that evaluates it", () => {
    const { fresh, source } = versionOf('function make(rate) { return (n) => n * rate + 1 }\n', 'make/<anonymous>')
    // the scope of a closure made by the old code, with the instrumentation's names
    // biome-ignore lint/correctness/noUnusedFunctionParameters: the evaluated code reads it
    const oldClosure = (rate: number) => {
      const __mp$v = checksOf(fresh)
      // biome-ignore lint/security/noGlobalEval: the accessor the instrumentation puts in a scope
      return (code: string) => eval(code)
    }
    expect(oldClosure(10)(source)(2)).toBe(21)
    expect(oldClosure(100)(source)(2)).toBe(201)
  })

  test("a method's new text is compiled in its class: super is its parent's, #private names resolve", () => {
    const code = `class Base { hello() { return 'base' } }
class Box extends Base { #n = 5; hello() { return 'box' } get() { return super.hello() + this.#n * 2 } }
`
    const { fresh, source } = versionOf(code, 'Box#get')
    const __mp$v = checksOf(fresh)
    let classScope: (code: string) => any = () => undefined
    class Base {
      hello() {
        return 'base'
      }
    }
    class Box extends Base {
      #n = 5
      static {
        // biome-ignore lint/security/noGlobalEval: the accessor the instrumentation puts in a class's static block
        classScope = (code: string) => eval(code)
      }
      override hello() {
        return 'box'
      }
      get() {
        return this.#n
      }
    }
    expect(classScope(source).call(new Box())).toBe('base10')
  })

  test('a getter compiles to its get function, a class field arrow to a function of the same parameters', () => {
    const code = 'class Box { n = 2; get double() { return this.n * 2 } on = (by) => this.n + by }\n'
    const getter = versionOf(code, 'Box#get double')
    const field = versionOf(code, 'Box/on')
    const __mp$v = checksOf(getter.fresh)
    let classScope: (code: string) => any = () => undefined
    class Box {
      n = 3
      static {
        // biome-ignore lint/security/noGlobalEval: the accessor the instrumentation puts in a class's static block
        classScope = (code: string) => eval(code)
      }
    }
    expect(classScope(getter.source).call(new Box())).toBe(6)
    expect(classScope(field.source).call(new Box(), 4)).toBe(7)
  })
})
