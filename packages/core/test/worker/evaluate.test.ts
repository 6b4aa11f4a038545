import { stripVTControlCharacters } from 'node:util'
import vm from 'node:vm'
import { describe, expect, test } from 'vitest'
import { evaluateInRealm } from '../../src/worker/evaluate.js'

// A line typed at the pause prompt, as both runners run it: Vitest in the worker's own realm, Jest in the test file's
// vm context. The person sees a value, or the error as `Name: message`.

const failure = new Error('expected 15 to be 25')
const scope = { double: (x: number) => x * 2, TAX: 0.2 }

describe('in the realm the tests run in (Vitest)', () => {
  const here = (line: string) => evaluateInRealm(globalThis, line, failure, scope)

  test('an expression shows its value; the project exports are in scope by name', async () => {
    expect(await here('double(21) + TAX')).toEqual({ ok: true, text: expect.stringContaining('42.2') })
  })

  test('$error is the failure', async () => {
    expect((await here('$error.message')).text).toContain("'expected 15 to be 25'")
  })

  test('statements run too; what a line declares lasts for the next lines, as in Node’s REPL', async () => {
    expect((await here('const seen = double(2); seen + 1')).text).toContain('5')
    expect((await here('seen')).text).toContain('4')
    expect((await here('let { a, b: [c] } = { a: 1, b: [2] }')).text).toContain('undefined')
    expect((await here('function triple(x) { return x * 3 }\nclass Box { get v() { return 7 } }')).text).toContain(
      'undefined',
    )
    expect(stripVTControlCharacters((await here('[a, c, triple(2), new Box().v]')).text)).toBe('[ 1, 2, 6, 7 ]')
    expect((await here('seen = 10; seen')).text).toContain('10')
    // declared names stay out of the realm's globals
    expect('seen' in globalThis).toBe(false)
  })

  test("a project export never hides a global of the realm (zod exports `process`); the object's own names are no names", async () => {
    const exporting = { process: 'zod’s process', double: scope.double }
    const line = (text: string) => evaluateInRealm(globalThis, text, failure, exporting)
    expect((await line('typeof process.memoryUsage')).text).toContain("'function'")
    expect(await line('toStringTag')).toEqual({ ok: false, text: 'ReferenceError: toStringTag is not defined' })
  })

  test('a promise is awaited; a rejection is shown as the error', async () => {
    expect((await here('Promise.resolve(double(4))')).text).toContain('8')
    expect(await here('Promise.reject(new RangeError("too big"))')).toEqual({ ok: false, text: 'RangeError: too big' })
  })

  test('errors read as `Name: message`; a thrown non-error as itself', async () => {
    expect(await here('nope(')).toEqual({ ok: false, text: expect.stringMatching(/^SyntaxError: /) })
    expect(await here('null.x')).toEqual({ ok: false, text: expect.stringMatching(/^TypeError: Cannot read/) })
    expect(await here('throw "plain"')).toEqual({ ok: false, text: 'plain' })
  })
})

describe("in a test file's vm context (Jest)", () => {
  const sandbox = vm.createContext({ expect: () => 'the sandbox expect' })
  const realm = vm.runInContext('globalThis', sandbox) as object
  const there = (line: string) => evaluateInRealm(realm, line, failure, scope)

  test("the sandbox's globals are there, not this realm's", async () => {
    expect((await there('expect()')).text).toContain("'the sandbox expect'")
    expect((await there('[] instanceof Array')).text).toContain('true')
    expect((await there('typeof double')).text).toContain("'function'")
  })

  test('declarations last per test file: another vm context does not see them', async () => {
    expect((await there('const perFile = 1')).text).toContain('undefined')
    expect((await there('perFile + 1')).text).toContain('2')
    const other = vm.runInContext('globalThis', vm.createContext({})) as object
    expect(await evaluateInRealm(other, 'perFile', failure, scope)).toEqual({
      ok: false,
      text: 'ReferenceError: perFile is not defined',
    })
  })

  test('a promise of the sandbox is awaited', async () => {
    expect((await there('(async () => double(5))()')).text).toContain('10')
  })

  test("the sandbox's errors read as `Name: message` (they are no Error of this realm)", async () => {
    expect(await there('undefinedThing')).toEqual({ ok: false, text: 'ReferenceError: undefinedThing is not defined' })
    expect(await there('Promise.reject(new TypeError("late"))')).toEqual({ ok: false, text: 'TypeError: late' })
    expect(await there('throw { code: 1 }')).toEqual({ ok: false, text: '{ code: 1 }' })
  })
})

describe('await at the top level of a line, as in Node’s REPL', () => {
  const here = (line: string) => evaluateInRealm(globalThis, line, failure, scope)
  const sandbox = vm.createContext({})
  const there = (line: string) =>
    evaluateInRealm(vm.runInContext('globalThis', sandbox) as object, line, failure, scope)

  test('an awaited expression shows its value; the exports and $error stay in scope', async () => {
    expect((await here('await Promise.resolve(double(21))')).text).toContain('42')
    expect((await here('(await Promise.resolve($error)).message')).text).toContain("'expected 15 to be 25'")
    expect((await there('await new Promise((resolve) => Promise.resolve().then(() => resolve(TAX)))')).text).toContain(
      '0.2',
    )
  })

  test('statements with await: the last expression is the value; an awaited rejection is the error', async () => {
    expect((await here('const n = await Promise.resolve(3); double(n)')).text).toContain('6')
    expect((await here('n')).text).toContain('3')
    expect(await there('await Promise.reject(new RangeError("too big"))')).toEqual({
      ok: false,
      text: 'RangeError: too big',
    })
  })

  test('`await` as a name still works where it is one; a broken line is a SyntaxError', async () => {
    expect((await here('const await = 4; await + 1')).text).toContain('5')
    expect(await here('await (')).toEqual({ ok: false, text: expect.stringMatching(/^SyntaxError: /) })
  })
})
