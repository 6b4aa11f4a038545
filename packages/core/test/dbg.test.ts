import { mkdtempSync, writeFileSync } from 'node:fs'
import inspector from 'node:inspector'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { test } from 'vitest'
import { createPatchEngine } from '../src/engine/engine.js'
import { VmRunner } from './harness/vm-runner.js'

test('dbg', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dbg-'))
  const file = path.join(dir, 'math.ts')
  const src =
    process.env.SRC_A ??
    "export function double(n: number): number {\n  if (n > 10) throw new Error('too big')\n  return n * 2\n}\n"
  writeFileSync(file, src)
  const runner = new VmRunner((process.env.STYLE as any) ?? 'vitest')
  const engine = createPatchEngine(runner)
  runner.instrument = (f, code) => engine.instrument(f, code)
  const mod: any = await runner.import(file)
  writeFileSync(
    file,
    "export const LIMIT = 10\n\nexport function double(n: number): number {\n  // c\n  debugger\n  if (n > LIMIT) throw new Error('too big')\n  return n * 2\n}\n",
  )
  console.log(JSON.stringify((await engine.patch([file])).files[0]))
  const { runtimeOf } = await import('../src/runtime/runtime.js')
  const v = runtimeOf(globalThis).records(file)[0]!.versions.get('double')!
  console.log('SOURCE<<' + (v as any).source.trimStart() + '>>', JSON.stringify({ ...v, source: undefined }))
  if (process.env.NOEVAL) return
  const s = new inspector.Session()
  s.connect()
  s.post('Debugger.enable')
  s.on('Debugger.paused', ({ params }: any) => {
    const frame = params.callFrames[0]
    s.post(
      'Debugger.evaluateOnCallFrame',
      { callFrameId: frame.callFrameId, expression: 'n + 1' },
      (err: any, res: any) => {
        console.log('evaluated in', frame.functionName, err ? err.message : JSON.stringify(res.result))
      },
    )
    s.post('Debugger.resume')
  })
  console.log(mod.double(3))
})
