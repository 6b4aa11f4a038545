// What instrumentation costs while nothing is patched (run on demand: `node bench/check-cost.mjs` after
// `pnpm build`): the same module evaluated plain and instrumented, hot paths timed against each other. The check is
// one property read and a compare per call; a scope that defines functions also makes its accessor closure and keeps
// its variables in a context (docs/architecture.md, "The check").
import path from 'node:path'
import vm from 'node:vm'
import { createPatchEngine } from '@mighty-patcher/core/engine'

const SOURCE = `
function mul(x) { return x * 3 }
const add = (a, b) => a + b
class Point {
  constructor(x, y) { this.x = x; this.y = y }
  norm() { return Math.sqrt(this.x * this.x + this.y * this.y) }
}
function makeCounter(step) {
  let n = 0
  return () => (n += step)
}
function sumSquares(list) {
  return list.map((v) => v * v).reduce((a, b) => a + b, 0)
}
module.exports = { mul, add, Point, makeCounter, sumSquares }
`

const file = path.resolve('bench-check-cost.js')
const engine = createPatchEngine({ realm: globalThis, modulesOf: () => [], transform: async () => SOURCE })

function load(code) {
  const module = { exports: {} }
  vm.runInThisContext(`(function (module, exports) {${code}\n})`, { filename: file })(module, module.exports)
  return module.exports
}

const plain = load(SOURCE)
const instrumented = load(await engine.instrument(file, SOURCE))

const cases = {
  'hot function (2e7 calls)': (m) => {
    let a = 0
    for (let i = 0; i < 2e7; i++) a += m.mul(i)
    return a
  },
  'arrow (2e7 calls)': (m) => {
    let a = 0
    for (let i = 0; i < 2e7; i++) a = m.add(a, i)
    return a
  },
  'method on an instance (2e7 calls)': (m) => {
    const p = new m.Point(3, 4)
    let a = 0
    for (let i = 0; i < 2e7; i++) a += p.norm()
    return a
  },
  'factory + closure (1e6 factories, 10 calls each)': (m) => {
    let a = 0
    for (let i = 0; i < 1e6; i++) {
      const next = m.makeCounter(i)
      for (let k = 0; k < 10; k++) a += next()
    }
    return a
  },
  'map/reduce with arrow callbacks (2e5 × 50 items)': (m) => {
    const list = Array.from({ length: 50 }, (_, i) => i)
    let a = 0
    for (let i = 0; i < 2e5; i++) a += m.sumSquares(list)
    return a
  },
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
function time(run, m) {
  const t0 = process.hrtime.bigint()
  run(m)
  return Number(process.hrtime.bigint() - t0) / 1e6
}

console.log(`node ${process.version}`)
console.log('| case | plain (ms, median of 7) | instrumented | ratio |')
console.log('|---|---|---|---|')
for (const [name, run] of Object.entries(cases)) {
  const p = []
  const n = []
  for (let round = 0; round < 7; round++) {
    p.push(time(run, plain))
    n.push(time(run, instrumented))
  }
  const [mp, mn] = [median(p), median(n)]
  console.log(`| ${name} | ${mp.toFixed(0)} | ${mn.toFixed(0)} | ${(mn / mp).toFixed(2)}× |`)
}
