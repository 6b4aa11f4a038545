// Patch time of a generated module by its number of exports (run on demand: `node --expose-gc large-module.mjs`).
// A top-level constant every function reads changes twice; the cost must grow at most linearly with the size (a
// transform, a parse, a diff), and every captured reference must read the new value.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createPatchEngine } from '@mighty-patcher/core/engine'
import { CjsRunner } from './cjs-runner.mjs'

function generated(count, rate) {
  const lines = [`let RATE = ${rate}`]
  for (let i = 0; i < count; i++) lines.push(`exports.f${i} = function f${i}(x) { return x + ${i} * RATE }`)
  lines.push('exports.RATE = RATE')
  return lines.join('\n')
}

const rows = []
for (const count of [1_000, 2_000, 4_000, 5_000, 10_000, 20_000, 80_000]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mp-bench-large-'))
  const file = path.join(dir, 'generated.js')
  writeFileSync(file, generated(count, 1))
  const runner = new CjsRunner()
  const engine = createPatchEngine(runner)
  await engine.ready() // this runner loads synchronously
  runner.instrument = (f, code) => engine.instrument(f, code)
  const captured = runner.load(file).f7
  const times = []
  let report
  for (const rate of [2, 3]) {
    writeFileSync(file, generated(count, rate))
    const t0 = performance.now()
    ;[report] = (await engine.patch([file])).files
    times.push(performance.now() - t0)
  }
  engine.dispose()
  rmSync(dir, { recursive: true, force: true })
  rows.push({
    exports: count,
    MB: (generated(count, 1).length / 1e6).toFixed(1),
    'first ms': times[0].toFixed(0),
    'second ms': times[1].toFixed(0),
    'captured follows': captured(1) === 1 + 7 * 3,
    stale: report.stale.map((s) => s.name).join(', ') || '—',
  })
}
console.log(`a constant of a generated module changed, Node ${process.version}, ${os.cpus().length} cores`)
console.table(rows)
