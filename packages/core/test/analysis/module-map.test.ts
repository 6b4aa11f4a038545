import { describe, expect, test } from 'vitest'
import { mapModule, ownCodeHashes, topCodeHashes } from '../../src/analysis/module-map.js'
import { siteOf } from '../harness/sites.js'

// Function ids are what a patch line names: as a person would name the function in the source, whatever the runner's
// transform made of it.

const ids = (code: string) => mapModule(code).functions.map((site) => site.id)

describe('function ids', () => {
  test('a class compiled to ES5 by Babel (preset-env for old targets): its methods as the class names them', () => {
    const babel = `var Duration = exports.Duration = /*#__PURE__*/function () {
  function Duration(n) { _classCallCheck(this, Duration); this.n = n; }
  return _createClass(Duration, [{
    key: "as",
    value: function as(unit) { return this.n / unit; }
  }], [{
    key: "of",
    value: function of(n) { return new Duration(n); }
  }]);
}();`
    expect(ids(babel)).toEqual(['Duration', 'Duration/Duration', 'Duration#as', 'Duration.of'])
  })

  test("a module wrapped in a function called at once (tsx's CommonJS output): its functions named as the module's", () => {
    const tsx =
      '__filename="/p/src/routes.ts";(()=>{var r={};__export(r,{answer:()=>answer});function answer(count){return count}})()\n'
    expect(ids(tsx)).toEqual(['call()', 'answer:getter', 'answer'])
    // esbuild's export getter is one of the runners' getters: never checked
    expect(mapModule(tsx).functions.find((site) => site.id === 'answer:getter')?.plain).toBe(true)
  })

  test('methods, closures in factories, callbacks named by the call they are passed to', () => {
    const code = `class Box { get() { return 1 } static make() { return new Box() } }
function createClient() { const parse = (s) => s; return { get(s) { return parse(s) } } }
describe('math', () => { test('doubles', () => {}) })
const a = () => 1
function b() { return [1].map((x) => x).map((x) => x) }`
    expect(ids(code)).toEqual([
      'Box#get',
      'Box.make',
      'createClient',
      'createClient/parse',
      'createClient/get',
      'describe(math)',
      'describe(math)/test(doubles)',
      'a',
      'b',
      'b/[1].map()',
      'b/[1].map((x)=>x).map()',
    ])
  })
})

describe('what is never checked', () => {
  const plain = (code: string) =>
    mapModule(code)
      .functions.filter((site) => site.plain)
      .map((site) => site.id)

  test("the runners' export getters are plain: CommonJS, Vite's exportName with its try, and a get() method", () => {
    const code = `Object.defineProperty(exports, "sum", { enumerable: true, get: function () { return math_1.sum } })
__vite_ssr_exportName__("Counter", () => { try { return Counter } catch {} })
Object.defineProperty(__vite_ssr_exports__, "twice", { enumerable: true, configurable: true, get(){ return twice } })`
    expect(plain(code)).toHaveLength(3)
  })

  test("a person's function that only returns a variable is checked like any other", () => {
    const code = `let config = {}
function current() { return config }
const alsoCurrent = () => { try { return config } catch {} }`
    expect(plain(code)).toEqual([])
  })
})

// What a save compares: ids that name the same function from one version of the file to the next, and hashes that
// change with a function's own text and place (docs/architecture.md, "Instrumentation").

const site = (code: string, id: string) => siteOf(mapModule(code), id)
const hash = (code: string, id: string) => site(code, id).hash
const withTokens = (code: string) => mapModule(code, { withTokens: true })

describe('ids across an edit elsewhere in the file', () => {
  const before = `function createClient() { const parse = (s) => s; return { get(s) { return parse(s) } } }
class Box { get() { return 1 } }
describe('math', () => { test('doubles', () => {}) })
`

  test('a function, a class and a statement added above the others leave their ids as they were', () => {
    const after = `function added() {}\nclass Other { get() {} }\nregister(() => 1)\n${before}`
    expect(ids(after)).toEqual(['added', 'Other#get', 'register()', ...ids(before)])
  })

  test('a body edited in one function leaves every id as it was', () => {
    expect(ids(before.replace('return parse(s)', 'return parse(s).trim()'))).toEqual(ids(before))
  })

  test('a second sibling of the same name is #2, counted within its parent only', () => {
    const code = `describe('a', () => { test('x', () => {}); test('x', () => {}) })
describe('b', () => { test('x', () => {}) })`
    expect(ids(code)).toEqual([
      'describe(a)',
      'describe(a)/test(x)',
      'describe(a)/test(x)#2',
      'describe(b)',
      'describe(b)/test(x)',
    ])
  })
})

describe("a function's hash: its own text at its place", () => {
  const code = 'function a() { return 1 }\nfunction b() { return 2 }\n'

  test('changes with its own text, and not with an edit of another function on other lines', () => {
    const edited = code.replace('return 1', 'return 10')
    expect(hash(edited, 'a')).not.toBe(hash(code, 'a'))
    expect(hash(edited, 'b')).toBe(hash(code, 'b'))
  })

  test('changes when the same text moves to another line or column', () => {
    expect(hash(`\n${code}`, 'b')).not.toBe(hash(code, 'b'))
    expect(hash(code.replace('\nfunction b', '\n function b'), 'b')).not.toBe(hash(code, 'b'))
    expect(site(`\n${code}`, 'b')).toMatchObject({ line: 2, column: 0 })
    expect(site(code.replace('\nfunction b', '\n function b'), 'b')).toMatchObject({ line: 1, column: 1 })
  })

  test("a parent's hash changes with its nested function's text; its own code hash does not", () => {
    const outer = (value: number) => `function f() { const g = () => ${value}; return g }\n`
    expect(hash(outer(2), 'f')).not.toBe(hash(outer(1), 'f'))
    const [one, two] = [ownCodeHashes(withTokens(outer(1))), ownCodeHashes(withTokens(outer(2)))]
    expect(two.get('f')).toBe(one.get('f'))
    expect(two.get('f/g')).not.toBe(one.get('f/g'))
  })

  test('its own code hash stays when it moves, or when only its comments and spacing change', () => {
    const before = 'function f() { return g }\n'
    const own = ownCodeHashes(withTokens(before)).get('f')
    expect(ownCodeHashes(withTokens(`\n\n${before}`)).get('f')).toBe(own)
    expect(ownCodeHashes(withTokens('function f() { /* why */ return   g }\n')).get('f')).toBe(own)
    expect(ownCodeHashes(withTokens('function f() { return h }\n')).get('f')).not.toBe(own)
  })
})

describe('nested functions', () => {
  test('each has its parent, and the accessor of the nearest scope that declares names', () => {
    const map = mapModule('function g() { function h() { if (x) { const y = 1; return () => y } } }\n')
    expect(map.functions.map((s) => [s.id, s.parent?.id, s.scope])).toEqual([
      ['g', undefined, '__mp$s0'],
      ['g/h', 'g', '__mp$s1'],
      ['g/h/<anonymous>', 'g/h', '__mp$s2'],
    ])
    // g's body declares h; the `if` block declares y
    expect(map.accessors.map((a) => [a.name, a.node.type])).toEqual([
      ['__mp$s0', 'Program'],
      ['__mp$s1', 'BlockStatement'],
      ['__mp$s2', 'BlockStatement'],
    ])
  })

  test("a block that declares nothing has no accessor: its function's is used; a loop's body sees the loop's (its head does not)", () => {
    const map = mapModule(
      'function f() { if (x) { return () => 1 } }\nfor (const x of xs) { fns.push(() => x) }\nfor (const y of [() => 1]) {}\n',
    )
    expect(map.functions.map((s) => [s.id, s.scope])).toEqual([
      ['f', '__mp$s0'],
      ['f/<anonymous>', '__mp$s1'],
      ['fns.push()', '__mp$s2'],
      ['<anonymous>', '__mp$s0'],
    ])
    expect(map.accessors.map((a) => a.node.type)).toEqual(['Program', 'FunctionDeclaration', 'ForOfStatement'])
  })
})

describe('class members', () => {
  test('each kind of member by id, with its class, key, static and kind; the constructor is plain', () => {
    const code =
      'class K { constructor() {} m() {} static s() {} get p() { return 1 } set p(v) {} #q() {} on = () => 1; static so = () => 2; [k]() {} }\n'
    const members = mapModule(code).functions.map((s) => [s.id, s.kind, s.classId, s.static, s.key, s.scope, s.plain])
    expect(members).toEqual([
      ['K#constructor', 'constructor', 'K', false, 'constructor', '', true],
      ['K#m', 'method', 'K', false, 'm', '', false],
      ['K.s', 'method', 'K', true, 's', '', false],
      ['K#get p', 'get', 'K', false, 'p', '', false],
      ['K#set p', 'set', 'K', false, 'p', '', false],
      ['K##q', 'method', 'K', false, '#q', '', false],
      ['K/on', 'field', 'K', false, undefined, '', false],
      ['K/so', 'field', 'K', true, undefined, '', false],
      ['K#[k]', 'method', 'K', false, '[k]', '', false],
    ])
  })

  test('a class inside a function is named under it, and its methods under the class', () => {
    const map = mapModule('function outer() { class Inner { m() {} } }\n')
    expect(map.classes.map((c) => c.id)).toEqual(['outer/Inner'])
    expect(map.functions.map((s) => [s.id, s.classId, s.parent?.id])).toEqual([
      ['outer', undefined, undefined],
      ['outer/Inner#m', 'outer/Inner', 'outer'],
    ])
  })
})

describe('top-level statements', () => {
  const code = `import a, { b as c } from 'm'
const { d, e: [f] } = load()
export function g() {}
export default class K { m() {} }
register(() => 1)
var Tone = ((Tone) => { Tone.A = 'a'; return Tone })(Tone || {})
`

  test('each with its kind and the names it declares in the module scope', () => {
    const map = mapModule(code)
    expect(map.top.map((s) => [s.kind, s.declares, s.node.type, s.declaration.type])).toEqual([
      ['var', ['a', 'c'], 'ImportDeclaration', 'ImportDeclaration'],
      ['var', ['d', 'f'], 'VariableDeclaration', 'VariableDeclaration'],
      ['function', ['g'], 'ExportNamedDeclaration', 'FunctionDeclaration'],
      ['class', ['K'], 'ExportDefaultDeclaration', 'ClassDeclaration'],
      ['other', [], 'ExpressionStatement', 'ExpressionStatement'],
      ['var', ['Tone'], 'VariableDeclaration', 'VariableDeclaration'],
    ])
    expect([...map.topNames]).toEqual(['a', 'c', 'd', 'f', 'g', 'K', 'Tone'])
  })

  test('every function and class knows the statement that holds it; a function its statement calls is with it', () => {
    const map = mapModule(code)
    expect(map.functions.map((s) => [s.id, s.top, Boolean(s.withStatement)])).toEqual([
      ['g', 2, false],
      ['K#m', 3, false],
      ['register()', 4, false],
      ['Tone', 5, true],
    ])
    expect(map.classes.map((c) => [c.id, c.top])).toEqual([['K', 3]])
  })

  test("a statement's own code hash leaves its functions out, and counts a function it calls once", () => {
    const top = (statement: string) => topCodeHashes(withTokens(statement))
    const use = top('app.use((req) => req.x)\n')
    expect(top('app.use((req) => req.y)\n')).toEqual(use)
    expect(top('app.use((req) => req.x, 2)\n')).not.toEqual(use)
    expect(top('const api = (() => 2)()\n')).not.toEqual(top('const api = (() => 1)()\n'))
  })

  test('the module prologue goes after the directives', () => {
    expect(mapModule("'use strict';\n'x'\nf()\n").prologueAt).toBe("'use strict';\n'x'".length)
    expect(mapModule('f()\n').prologueAt).toBe(0)
  })
})
