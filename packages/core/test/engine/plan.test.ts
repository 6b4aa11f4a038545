import { describe, expect, test } from 'vitest'
import { mapModule } from '../../src/analysis/module-map.js'
import { instrumentedAtLoad } from '../../src/engine/parsing.js'
import { FILE, kinds, loaded, only, plan, RESTART } from '../harness/plan.js'
import { siteOf } from '../harness/sites.js'

// A save as operations, read as data (docs/architecture.md, "A save as operations"): for a before and an after of a
// module, the plan's operations — which kind, for which function, statement or name — without running anything.

/** The hash the fresh code gives a function: what its new version is registered under. */
const hashIn = (code: string, id: string) => siteOf(mapModule(code), id).hash

describe('update: a function whose code changed', () => {
  const before = 'function double(n) { return n * 2 }\nfunction half(n) { return n / 2 }\n'
  const after = 'function double(n) { return n * 3 }\nfunction half(n) { return n / 2 }\n'

  test('a changed body is one update of that function; a function beside it is left out', () => {
    expect(kinds(plan(before, after))).toEqual(['update double'])
  })

  test("the update carries the new code's hash and its text as a function, named by the file", () => {
    const update = only(plan(before, after), 'update')
    expect(update.version.hash).toBe(hashIn(after, 'double'))
    expect(update.version.hash).not.toBe(hashIn(before, 'double'))
    expect(update.version.source).toMatch(/^\(function double\(n\) \{.* return n \* 3 \}\)\n/)
    expect(update.version.source.endsWith(`\n//# sourceURL=${FILE}`)).toBe(true)
    expect(update.version.outer).toEqual([])
    expect(update.version.classId).toBeUndefined()
  })

  test('a changed nested function is updated; its parent gets a new version as moved (its text holds the nested one)', () => {
    const outer = (value: number) => `function outer() { const inner = () => ${value}; return inner() }\n`
    expect(kinds(plan(outer(1), outer(2)))).toEqual(['update outer (moved)', 'update outer/inner'])
  })

  test('a callback a top-level statement passes is updated; the statement is not run again', () => {
    expect(kinds(plan('app.use((req) => req.x)\n', 'app.use((req) => req.y)\n'))).toEqual(['update app.use()'])
  })

  test('a changed generator is an update like any function', () => {
    expect(kinds(plan('function* g() { yield 1 }\n', 'function* g() { yield 2 }\n'))).toEqual(['update g'])
  })

  test('a changed class field arrow is an update compiled in its class', () => {
    const update = only(plan('class Box { on = () => 1 }\n', 'class Box { on = () => 2 }\n'), 'update')
    expect(update).toMatchObject({ id: 'Box/on', changed: true, version: { classId: 'Box', static: false } })
  })

  test('a closure that reads a variable its parent gained is updated, and named stale for closures made before', () => {
    const before = 'function make() { return () => 1 }\n'
    const after = 'function make() { const k = 2; return () => k }\n'
    const operations = plan(before, after)
    expect(kinds(operations)).toEqual(['update make', 'update make/<anonymous>', 'stale <anonymous> in make()'])
    expect(operations[1]).toMatchObject({ op: 'update', version: { outer: ['k'] } })
    expect(only(operations, 'stale').reason).toBe('closures made before this save have no `k`: they keep the old code')
  })
})

describe('define: a top-level function or class the save added', () => {
  test('a new function is defined once, and the functions that call it read it from the record', () => {
    const before = 'function double(n) { return n * 2 }\n'
    const after = 'function double(n) { return twice(n) }\nfunction twice(n) { return n + n }\n'
    const operations = plan(before, after)
    // the new function's own version is registered too (as moved: it has no code before to have changed)
    expect(kinds(operations)).toEqual(['update double', 'update twice (moved)', 'define twice'])
    expect(operations[0]).toMatchObject({ op: 'update', id: 'double' })
    expect(operations[0]?.op === 'update' && operations[0].version.source).toContain('return __mp$.l.twice(n)')
    expect(only(operations, 'define').source).toMatch(/^\(function twice\(n\) \{.* return n \+ n \}\)$/)
  })

  test('a new class is defined with its static block; its methods get their versions', () => {
    const after = 'function a() {}\nclass Box { m() { return 1 } }\n'
    const operations = plan('function a() {}\n', after)
    expect(kinds(operations)).toEqual(['update Box#m (moved)', 'define Box'])
    expect(only(operations, 'define').source).toMatch(/^\(class Box \{ static \{ __mp\$\.k\(this, "Box", /)
  })

  test('a new constant is not defined: its declaration runs, adding its name', () => {
    expect(plan('function a() {}\n', 'function a() {}\nconst K = 2\n')).toEqual([
      { op: 'rerun', line: 2, source: '(() => { let   K = 2\n; return [K]\n})()', assign: ['K'], added: ['K'] },
    ])
  })
})

describe('rerun: a top-level statement whose own code changed', () => {
  test('a changed constant runs its declaration again and assigns its name; the function reading it is left out', () => {
    const rate = (value: number) => `const RATE = ${value}\nfunction double(n) { return n * RATE }\n`
    expect(plan(rate(2), rate(3))).toEqual([
      { op: 'rerun', line: 1, source: '(() => { let   RATE = 3\n; return [RATE]\n})()', assign: ['RATE'], added: [] },
    ])
  })

  test('a changed statement with effects runs again, named by its line', () => {
    expect(plan('setup()\nregister(1)\n', 'setup()\nregister(2)\n')).toEqual([
      { op: 'rerun', line: 2, source: '(() => { register(2)\n})()', assign: [], added: [] },
    ])
  })

  test('a statement written once more runs once, the new one; a lone `;` a transform left runs nothing', () => {
    expect(kinds(plan('register(1)\n', 'register(1)\nregister(1)\n'))).toEqual(['rerun line 2'])
    expect(plan('register(1);\n', 'register(1);\n;\n')).toEqual([])
  })

  test('its line is the line in the file on disk, through the source map', () => {
    expect(only(plan('register(1)\n', 'register(2)\n', { sourceLine: (line) => line + 10 }), 'rerun').line).toBe(11)
  })

  test('a statement that awaits runs again in an async function', () => {
    expect(only(plan('const x = await load(1)\n', 'const x = await load(2)\n'), 'rerun').source).toBe(
      '(async () => { let   x = await load(2)\n; return [x]\n})()',
    )
  })

  test('an ES module export runs its declaration again, without the export', () => {
    expect(only(plan('export const RATE = 2\n', 'export const RATE = 3\n'), 'rerun').source).toBe(
      '(() => { let   RATE = 3\n; return [RATE]\n})()',
    )
  })

  test('a CommonJS export assignment runs again, named by its export; a new one is added', () => {
    expect(only(plan('exports.RATE = 2\n', 'exports.RATE = 3\n'), 'rerun')).toMatchObject({
      exported: 'RATE',
      added: [],
    })
    expect(only(plan('exports.A = 1\n', 'exports.A = 1\nexports.B = 2\n'), 'rerun')).toMatchObject({
      line: 2,
      exported: 'B',
      added: ['B'],
    })
  })

  test("a test file's changed statement is stale, never run again; its declarations and tests still follow", () => {
    const before = "test('a', () => { expect(1).toBe(1) })\nconst k = 1\n"
    const after = "test('a', () => { expect(1).toBe(2) })\nconst k = 2\nregister()\n"
    const operations = plan(before, after, { neverRerun: true })
    expect(kinds(operations)).toEqual(['update test(a)', 'rerun line 2', 'stale line 3'])
    expect(only(operations, 'stale').reason).toBe(
      `top-level code of a test or setup file is never run again; ${RESTART}`,
    )
  })

  test('a changed import of a loaded ES module is stale: linking does not run again', () => {
    const importing = (names: string) => `import { ${names} } from './a'\nfunction f() { return a }\n`
    expect(plan(importing('a'), importing('a, b'))).toEqual([
      {
        op: 'stale',
        name: 'line 1',
        reason: `an import does not run again in a loaded ES module (what it imports is missing); ${RESTART}`,
      },
    ])
  })
})

describe('member: a method added to or removed from a class that exists', () => {
  test('an added method is put on the old prototype, with its own version', () => {
    const operations = plan(
      'class Box { get() { return 1 } }\n',
      'class Box { get() { return 1 } extra() { return 2 } }\n',
    )
    expect(kinds(operations)).toEqual(['update Box#extra (moved)', 'member Box#extra'])
    const member = only(operations, 'member')
    expect(member).toMatchObject({ classId: 'Box', name: 'Box#extra', key: 'extra', static: false })
    expect(member.source).toContain('Object.setPrototypeOf(__mp$o, Object.getPrototypeOf(this.prototype))')
  })

  test('an added static method goes on the class itself', () => {
    const before = 'class Box { static make() { return 1 } }\n'
    const after = 'class Box { static make() { return 1 } static other() { return 2 } }\n'
    const member = only(plan(before, after), 'member')
    expect(member).toMatchObject({ name: 'Box.other', key: 'other', static: true })
    expect(member.source).toContain('Object.setPrototypeOf(__mp$o, Object.getPrototypeOf(this))')
    expect(member.source).toContain('{ other() {')
  })

  test('an added getter is a member under its key, defined as a getter', () => {
    const member = only(plan('class Box { }\n', 'class Box { get size() { return 2 } }\n'), 'member')
    expect(member).toMatchObject({ name: 'Box#get size', key: 'size', static: false })
    expect(member.source).toContain('{ get size() {')
  })

  test('a removed method is taken off by its key, with no source', () => {
    const before = "class Box { get() { return 1 } extra() { return 2 } 'quoted-key'() {} }\n"
    expect(plan(before, 'class Box { get() { return 1 } }\n')).toEqual([
      { op: 'member', classId: 'Box', name: 'Box#extra', key: 'extra', static: false, source: null },
      { op: 'member', classId: 'Box', name: "Box#'quoted-key'", key: 'quoted-key', static: false, source: null },
    ])
  })

  test('a removed method whose key is a literal with escapes, or a number, is taken off by the key it made', () => {
    const before = "class Box { 'it\\'s'() {} \"\\x41\"() {} 1e3() {} b() { return 1 } }\n"
    const operations = plan(before, 'class Box { b() { return 2 } }\n')
    expect(operations.flatMap((o) => (o.op === 'member' ? [o.key] : []))).toEqual(["it's", 'A', '1000'])
    expect(kinds(operations)).toContain('update Box#b')
  })
})

describe('stale: what a save cannot bring, by name and reason', () => {
  const shapeChanged = `its constructor, fields or base class changed: objects made from now on still get the old ones; ${RESTART}`

  test('a changed constructor is named, and its class', () => {
    const ctor = (n: number) => `class Box { constructor() { this.n = ${n} } }\n`
    expect(plan(ctor(1), ctor(2))).toEqual([
      {
        op: 'stale',
        name: 'Box#constructor',
        reason: `objects made from now on still run the old constructor; ${RESTART}`,
      },
      { op: 'stale', name: 'Box', reason: shapeChanged },
    ])
  })

  test('a changed field initialiser names the class', () => {
    expect(plan('class Box { n = 1 }\n', 'class Box { n = 2 }\n')).toEqual([
      { op: 'stale', name: 'Box', reason: shapeChanged },
    ])
  })

  test('a changed base class names the class; its methods are still patched', () => {
    const before = 'class A {}\nclass Box extends A { m() {} }\n'
    const after = 'class A {}\nclass Box extends Object { m() {} }\n'
    expect(kinds(plan(before, after))).toEqual(['update Box#m (moved)', 'stale Box'])
  })

  test('a new #private member cannot be added to a class that exists', () => {
    const operations = plan(
      'class Box { get() { return 1 } }\n',
      'class Box { get() { return 1 } #hidden() { return 2 } }\n',
    )
    expect(kinds(operations)).toEqual(['update Box##hidden (moved)', 'stale Box##hidden'])
    expect(only(operations, 'stale').reason).toBe(
      `a new #private member cannot be added to a class that exists; ${RESTART}`,
    )
  })

  test('an arrow whose parameters hold a function is named when it changes; its statement does not run again', () => {
    const holder = (value: number) => `export const f = (cb = () => 1) => cb() + ${value}\n`
    const operations = plan(holder(1), holder(2))
    // its declaration runs again: the binding is the new arrow, references taken before keep the old one
    expect(kinds(operations)).toEqual(['stale f', 'rerun line 1'])
    expect(only(operations, 'stale').reason).toBe(`a function in its parameters keeps it on the old code; ${RESTART}`)
    // on the first save too, an unchanged statement holding one is left alone
    const registering = (value: number) => `register((cb = () => 1) => cb())\nfunction a() { return ${value} }\n`
    expect(kinds(plan(registering(1), registering(2)))).toEqual(['update a'])
  })

  test("a changed export getter of the runner's is named as such", () => {
    const exporting = (name: string) =>
      `Object.defineProperty(exports, 'sum', { enumerable: true, get: function () { return m.${name} } })\n`
    expect(plan(exporting('sum'), exporting('total'))).toContainEqual({
      op: 'stale',
      name: 'get:getter',
      reason: `the runner's export getter is not patched; ${RESTART}`,
    })
  })

  test("a statement changed in a module wrapped in a function (tsx's CommonJS) is the stale top level", () => {
    const wrapped = (value: number, k: number) =>
      `(()=>{function answer(count){return count + ${value}}\nvar K = ${k}})()\n`
    const operations = plan(wrapped(0, 1), wrapped(0, 2))
    expect(kinds(operations)).toEqual(['stale top level'])
    expect(only(operations, 'stale').reason).toMatch(/^the module's code is wrapped in a function that ran once/)
    // a function in it is patched as the module's own
    expect(kinds(plan(wrapped(0, 1), wrapped(1, 1)))).toEqual(['update answer'])
  })
})

describe('removed: a top-level name the save took away', () => {
  test('a deleted function is removed by name, and nothing else is planned', () => {
    expect(plan('function a() {}\nfunction b() {}\n', 'function a() {}\n')).toEqual([{ op: 'removed', name: 'b' }])
  })

  test('a deleted destructuring declaration removes each of its names', () => {
    expect(plan('function f() {}\nconst { a, b: [c] } = load()\n', 'function f() {}\n')).toEqual([
      { op: 'removed', name: 'a' },
      { op: 'removed', name: 'c' },
    ])
  })
})

describe('moved: the same code on other lines', () => {
  test('a function a save moved down a line gets its new version as moved, not changed', () => {
    const before = 'function a() { return 1 }\n'
    const after = '\nfunction a() { return 1 }\n'
    const update = only(plan(before, after), 'update')
    expect(update).toMatchObject({ id: 'a', changed: false })
    expect(update.version.hash).toBe(hashIn(after, 'a'))
    // it starts on the line it has now, so its stack lines are right
    expect(update.version.source.startsWith('(\nfunction a()')).toBe(true)
  })

  test('byte-same code the source map puts on another line (comments the transform dropped) is moved', () => {
    const code = 'function a() { return 1 }\n'
    const moved = plan(code, code, { sourceLineBefore: (line) => line, sourceLine: (line) => line + 1 })
    expect(kinds(moved)).toEqual(['update a (moved)'])
    expect(plan(code, code, { sourceLineBefore: (line) => line, sourceLine: (line) => line })).toEqual([])
  })

  test('a comment added in a body is a new version as moved: its tokens did not change', () => {
    const before = 'function a() { return 1 }\n'
    expect(kinds(plan(before, 'function a() { /* why */ return 1 }\n'))).toEqual(['update a (moved)'])
  })
})

describe('unchanged: nothing to do', () => {
  test('the same code is an empty plan', () => {
    const code = 'const RATE = 2\nregister(RATE)\nfunction double(n) { return n * RATE }\nclass Box { m() {} }\n'
    expect(plan(code, code)).toEqual([])
  })

  test('a statement re-spaced, removed, or swapped with another, runs nothing', () => {
    expect(plan('const RATE = 2\n', 'const RATE =   2\n')).toEqual([])
    expect(plan('register(1)\nregister(2)\n', 'register(1)\n')).toEqual([])
    expect(plan('register(1)\nregister(2)\n', 'register(2)\nregister(1)\n')).toEqual([])
  })
})

describe('a function its top-level statement calls once (a TypeScript enum, an IIFE)', () => {
  const tone = (value: string) =>
    `var Tone = ((Tone) => { Tone['Plain'] = '${value}'; return Tone })(Tone || {})\nfunction tone() { return Tone.Plain }\n`

  test("a changed enum value runs the enum's statement again; the enum's function gets no version", () => {
    const operations = plan(tone('plain'), tone('flat'))
    expect(kinds(operations)).toEqual(['rerun line 1'])
    expect(only(operations, 'rerun')).toMatchObject({ assign: ['Tone'], added: [] })
    expect(only(operations, 'rerun').source).toContain("Tone['Plain'] = 'flat'")
  })

  test("a changed IIFE's own code runs its statement again", () => {
    const api = (k: number) => `const api = (() => { const k = ${k}; return { k } })()\n`
    expect(kinds(plan(api(1), api(2)))).toEqual(['rerun line 1'])
  })

  test('a function the IIFE holds is updated as any; the statement is not run again', () => {
    const api = (body: string) => `const api = (() => { const shout = (s) => ${body}; return { shout } })()\n`
    expect(kinds(plan(api('s'), api('s.toUpperCase()')))).toEqual(['update api/shout'])
  })
})

describe('back and forth: A→B→A', () => {
  const A = 'const RATE = 2\nfunction double(n) { return n * RATE }\nfunction half(n) { return n / 2 }\n'
  const B = 'const RATE = 3\nfunction double(n) { return n * RATE + 1 }\nfunction half(n) { return n / 2 }\n'

  test('back to A updates to the original versions and runs the original statement; the check table is as loaded', () => {
    const module = loaded(A)
    expect(kinds(module.save(B))).toEqual(['update double', 'rerun line 1'])
    const back = module.save(A)
    expect(kinds(back)).toEqual(['update double', 'rerun line 1'])
    expect(only(back, 'update').version.hash).toBe(hashIn(A, 'double'))
    expect(only(back, 'rerun').source).toBe('(() => { let   RATE = 2\n; return [RATE]\n})()')
    expect(module.record.v).toEqual(instrumentedAtLoad(FILE, A).hashes)
  })

  test('saving the code that runs again plans nothing', () => {
    const module = loaded(A)
    module.save(B)
    expect(module.save(B)).toEqual([])
  })

  test('a function added at B is defined, removed at A, and not defined again at B: the record still holds it', () => {
    const a = 'function a() { return 1 }\n'
    const b = 'function a() { return twice(1) }\nfunction twice(n) { return n * 2 }\n'
    const module = loaded(a)
    expect(kinds(module.save(b))).toEqual(['update a', 'update twice (moved)', 'define twice'])
    expect(kinds(module.save(a))).toEqual(['update a', 'removed twice'])
    expect(kinds(module.save(b))).toEqual(['update a'])
  })
})
