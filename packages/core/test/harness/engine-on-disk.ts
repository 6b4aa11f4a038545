import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach } from 'vitest'
import { createPatchEngine, type PatchEngine } from '../../src/engine/engine.js'
import { VmRunner, type WrapperStyle } from './vm-runner.js'

/**
 * `const setup = useEngineOnDisk()` in a test file, then `await setup(name, style)` in a test: a temp folder for its
 * module file (`mod.ts`), and a runner whose loads the engine instruments; both gone after the test.
 */
export function useEngineOnDisk() {
  let made: { dir: string; engine: PatchEngine } | undefined
  afterEach(() => {
    made?.engine.dispose()
    if (made) rmSync(made.dir, { recursive: true, force: true })
    made = undefined
  })
  return async (name: string, style: WrapperStyle) => {
    const dir = mkdtempSync(path.join(tmpdir(), `mp-${name}-`))
    const runner = new VmRunner(style)
    const engine = createPatchEngine(runner)
    made = { dir, engine }
    await engine.ready() // Jest requires synchronously, as the plugin readies it
    runner.instrument = (file, code) => engine.instrument(file, code)
    return { dir, file: path.join(dir, 'mod.ts'), runner, engine }
  }
}
