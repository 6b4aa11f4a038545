// The patch engine's worker side (docs/architecture.md, "Patches as data"): made at worker setup, before the
// test file is imported, because it must see each module's code as Vite's module runner evaluates it.
import {
  createPatchEngine,
  instrumentOnLoad,
  type PatchEngine,
  type RunnerAdapter,
  toolLine,
} from '@mighty-patcher/core/engine'
import type { ChannelInfo } from '../shared/env.js'
import { createVitestAdapter } from './adapter.js'
import { type ModuleEvaluator, moduleRunner, workerState } from './vitest-internals.js'

export interface InstrumentedWorker {
  adapter: RunnerAdapter
  engine: PatchEngine
}

const WORKER = Symbol.for('mighty-patcher.vitest-instrumented')
const HOOKED = Symbol.for('mighty-patcher.vitest-evaluator-hooked')

/** One adapter and engine per worker; the module runner's evaluator hooked (setup files run again per test file). */
export function instrumentWorker(info: ChannelInfo): InstrumentedWorker {
  const holder = globalThis as { [WORKER]?: InstrumentedWorker }
  holder[WORKER] ??= (() => {
    const adapter = createVitestAdapter()
    return { adapter, engine: createPatchEngine(adapter) }
  })()
  hookEvaluator(moduleRunner().evaluator, holder[WORKER].engine, info.root)
  return holder[WORKER]
}

/** Modules of the reload dir and the test file get instrumented right before they run (vi.mock's copies not). */
function hookEvaluator(evaluator: ModuleEvaluator, engine: PatchEngine, root: string): void {
  const hooked = evaluator as ModuleEvaluator & { [HOOKED]?: true }
  if (hooked[HOOKED]) return
  Object.defineProperty(hooked, HOOKED, { value: true })
  const instrument = instrumentOnLoad(engine, {
    root,
    isTestFile: (file) => file === workerState().filepath,
    warn: (line) => process.stderr.write(`${toolLine(line)}\n`),
  })
  const run = evaluator.runInlinedModule
  evaluator.runInlinedModule = async function (this: ModuleEvaluator, context, code, module) {
    const instrumented = module.file && !module.id.startsWith('mock:') ? await instrument(module.file, code) : code
    return run.call(this, context, instrumented, module)
  }
}
