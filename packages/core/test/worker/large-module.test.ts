import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect, test } from 'vitest'
import { createPatchEngine } from '../../src/engine/engine.js'
import { CjsRunner } from '../harness/cjs-runner.js'

// Patch cost follows the edit, not the module's size: a generated module (one exported function per line, a top-level
// constant that every function reads) gets its constant changed twice. The save is a transform, a diff and one
// assignment, whatever the number of functions; every captured reference reads the new value.

function generated(count: number, rate: number): string {
  const lines = [`let RATE = ${rate}`]
  for (let i = 0; i < count; i++) lines.push(`exports.f${i} = function f${i}(x) { return x + ${i} * RATE }`)
  lines.push('exports.RATE = RATE')
  return lines.join('\n')
}

async function patchTwice(count: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mp-large-'))
  const file = path.join(dir, 'generated.js')
  writeFileSync(file, generated(count, 1))
  const runner = new CjsRunner()
  const engine = createPatchEngine(runner)
  await engine.ready() // this runner loads synchronously
  runner.instrument = (f, code) => engine.instrument(f, code) as string
  const captured = runner.load(file).f7 as (x: number) => number
  try {
    for (const rate of [2, 3]) {
      writeFileSync(file, generated(count, rate))
      const t0 = performance.now()
      const { files } = await engine.patch([file])
      const ms = performance.now() - t0
      // what the save changed, not every name of the module
      expect(files[0]).toMatchObject({ status: 'patched', updated: ['RATE'], stale: [] })
      expect(captured(1)).toBe(1 + 7 * rate)
      expect(ms, `patch ${rate - 1} took ${Math.round(ms)} ms`).toBeLessThan(20_000)
    }
  } finally {
    engine.dispose()
    rmSync(dir, { recursive: true, force: true })
  }
}

test('2,000 one-line functions: a constant every function reads is followed by every captured reference', {
  timeout: 120_000,
}, async () => {
  await patchTwice(2_000)
})

test('20,000 exports: the same, and the report names what the save changed, not 20,000 names', {
  timeout: 120_000,
}, async () => {
  await patchTwice(20_000)
})
