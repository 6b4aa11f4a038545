// The instrumented engine's worker side (docs/architecture.md, "Patches as data"): made at worker setup, before the
// test file is imported, because it must see each module's code as Vite's module runner evaluates it.
import path from 'node:path'
import { toolLine } from '@mighty-patcher/core/shared'
import { createInstrumentedEngine, type InstrumentedEngine, type RunnerAdapter } from '@mighty-patcher/core/worker'
import type { ChannelInfo } from '../shared/constants.js'
import { createVitestAdapter } from './adapter.js'
import {
  type ModuleEvaluator,
  type ModuleNode,
  moduleRunner,
  neverReevaluate,
  workerState,
} from './vitest-internals.js'

export interface InstrumentedWorker {
  adapter: RunnerAdapter
  engine: InstrumentedEngine
}

const WORKER = Symbol.for('mighty-patcher.vitest-instrumented')
const HOOKED = Symbol.for('mighty-patcher.vitest-evaluator-hooked')

/** One adapter and engine per worker; the module runner's evaluator hooked (setup files run again per test file). */
export function instrumentWorker(info: ChannelInfo): InstrumentedWorker {
  const holder = globalThis as { [WORKER]?: InstrumentedWorker }
  holder[WORKER] ??= (() => {
    const adapter = createVitestAdapter(neverReevaluate)
    return { adapter, engine: createInstrumentedEngine(adapter) }
  })()
  hookEvaluator(moduleRunner().evaluator, holder[WORKER].engine, info.root)
  return holder[WORKER]
}

/** Modules of the reload dir (not node_modules) and the test file get instrumented right before they run. */
function hookEvaluator(evaluator: ModuleEvaluator, engine: InstrumentedEngine, root: string): void {
  const hooked = evaluator as ModuleEvaluator & { [HOOKED]?: true }
  if (hooked[HOOKED]) return
  Object.defineProperty(hooked, HOOKED, { value: true })
  const run = evaluator.runInlinedModule
  evaluator.runInlinedModule = function (this: ModuleEvaluator, context, code, module) {
    const file = module.file
    if (file && instrumentable(module, file, root)) {
      try {
        code = engine.instrument(file, code)
      } catch (error) {
        // the module runs as it is; a save to it then says it is not patchable
        process.stderr.write(
          `${toolLine(`${path.relative(process.cwd(), file)} not instrumented: ${String(error)}`)}\n`,
        )
      }
    }
    return run.call(this, context, code, module)
  }
}

function instrumentable(module: ModuleNode, file: string, root: string): boolean {
  if (module.id.startsWith('mock:')) return false
  if (file === workerState().filepath) return true
  const relative = path.relative(root, file)
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return false
  return !relative.split(/[\\/]/).includes('node_modules')
}
