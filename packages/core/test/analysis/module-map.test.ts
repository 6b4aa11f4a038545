import { describe, expect, test } from 'vitest'
import { mapModule } from '../../src/analysis/module-map.js'

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
