import { readFileSync } from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import type { LoadedModule, RunnerAdapter } from '../../src/engine/adapter.js'

// The cheapest runner the engine accepts: plain CommonJS, no transform, Jest 29's wrapper in this realm. For tests
// whose modules are too large for a TypeScript or Vite transform to stay out of the measurement.

const PREFIX = '({"Object.<anonymous>":function(module,exports,require,__dirname,__filename,jest){'
const SUFFIX = '\n}});'

export class CjsRunner implements RunnerAdapter {
  readonly realm = globalThis
  /** What the engine adds to a module's code right before it runs (the runners' load hook). */
  instrument?: (file: string, code: string) => string
  readonly #modules = new Map<string, LoadedModule>()

  load(file: string): Record<string, unknown> {
    const module = { file, exports: {} }
    this.#run(file, module)
    this.#modules.set(file, module)
    return module.exports
  }

  modulesOf(file: string): LoadedModule[] {
    const module = this.#modules.get(file)
    return module ? [module] : []
  }

  async transform(file: string): Promise<string> {
    return readFileSync(file, 'utf8')
  }

  #run(file: string, module: { exports: unknown }): void {
    const code = readFileSync(file, 'utf8')
    const wrapper = vm.runInThisContext(PREFIX + (this.instrument?.(file, code) ?? code) + SUFFIX, { filename: file })
    wrapper['Object.<anonymous>'].call(module.exports, module, module.exports, () => ({}), path.dirname(file), file, {})
  }
}
