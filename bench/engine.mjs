// Patch-engine benchmark (run on demand: `pnpm bench`). Prints save→patched latency (p50/p95) per module size, heap
// size and edit (a body, a top-level constant), and heap growth over 500 successive patches of one module. Needs
// `--expose-gc`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createPatchEngine } from '@mighty-patcher/core/engine'
import { CjsRunner } from './cjs-runner.mjs'

/** A module of about `lines` lines: `target` is the function the "save" edits; RATE is the top-level constant. */
function moduleSource(lines, { factor, rate }) {
  const helpers = []
  for (let i = 0; helpers.length * 4 < lines - 8; i++)
    helpers.push(`function helper${i}(x) {\n  const y = x + ${i}\n  return y * 2\n}`)
  return [
    `const RATE = ${rate}`,
    ...helpers,
    `function target(x) {\n  return x * ${factor} * RATE\n}`,
    'module.exports = { target, RATE }',
  ].join('\n')
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1)
const heapUsed = () => {
  globalThis.gc()
  globalThis.gc()
  return process.memoryUsage().heapUsed
}

/** A runner over `file`'s module with the engine's load hook, as the plugins wire it. */
async function loaded(file) {
  const runner = new CjsRunner()
  const engine = createPatchEngine(runner)
  await engine.ready() // this runner loads synchronously
  runner.instrument = (f, code) => engine.instrument(f, code)
  return { engine, exports: runner.load(file) }
}

async function latency({ lines, edit, runs }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mp-bench-'))
  const file = path.join(dir, `m${lines}.js`)
  writeFileSync(file, moduleSource(lines, { factor: 1, rate: 1 }))
  const { engine, exports } = await loaded(file)
  const captured = exports.target
  const times = []
  for (let i = 1; i <= runs; i++) {
    const next = edit === 'body' ? { factor: i + 1, rate: 1 } : { factor: 1, rate: i + 1 }
    writeFileSync(file, moduleSource(lines, next))
    const t0 = performance.now()
    const { files } = await engine.patch([file])
    times.push(performance.now() - t0)
    const [report] = files
    if (report.status !== 'patched' || report.stale.length > 0) throw new Error(JSON.stringify(report))
    if (captured(1) !== next.factor * next.rate) throw new Error(`captured reference ran stale code after ${i} patches`)
  }
  engine.dispose()
  rmSync(dir, { recursive: true, force: true })
  return { p50: percentile(times, 50), p95: percentile(times, 95) }
}

async function memory({ patches }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mp-bench-'))
  const file = path.join(dir, 'grow.js')
  writeFileSync(file, moduleSource(500, { factor: 1, rate: 1 }))
  const { engine, exports } = await loaded(file)
  const captured = exports.target
  // warm up: the first cycles compile what is kept once
  for (let i = 0; i < 5; i++) {
    writeFileSync(file, moduleSource(500, { factor: 100 + i, rate: 1 }))
    await engine.patch([file])
  }
  const before = heapUsed()
  for (let i = 1; i <= patches; i++) {
    const next = i % 2 ? { factor: i + 1, rate: 1 } : { factor: 1, rate: i + 1 } // alternate both edits
    writeFileSync(file, moduleSource(500, next))
    await engine.patch([file])
    if (captured(1) !== next.factor * next.rate) throw new Error(`stale after ${i} patches`)
  }
  const after = heapUsed()
  engine.dispose()
  rmSync(dir, { recursive: true, force: true })
  return { before, after }
}

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc')
const ballast = []
const rows = []
for (const heap of ['small', 'large']) {
  // ≈400 MB: the heap of a real application's test worker
  if (heap === 'large') for (let i = 0; i < 75; i++) ballast.push(Array.from({ length: 131072 }, (_, j) => ({ j })))
  for (const lines of [50, 500, 5000])
    for (const edit of ['body', 'constant']) {
      const { p50, p95 } = await latency({ lines, edit, runs: heap === 'small' ? 30 : 10 })
      rows.push({ heap: `${mb(heapUsed())} MB`, lines, edit, p50: p50.toFixed(1), p95: p95.toFixed(1) })
    }
}
ballast.length = 0
console.log(`patch latency (ms), Node ${process.version}, ${os.cpus().length} cores`)
console.table(rows)
const { before, after } = await memory({ patches: 500 })
console.log(`heap over 500 patches of a 500-line module: ${mb(before)} MB → ${mb(after)} MB (${mb(after - before)} MB)`)
const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, platform: process.platform }
const results = path.join(import.meta.dirname, 'results')
mkdirSync(results, { recursive: true })
writeFileSync(
  path.join(results, 'engine.json'),
  `${JSON.stringify({ machine, latency: rows, heapOver500Patches: { beforeBytes: before, afterBytes: after } }, null, 2)}\n`,
)
