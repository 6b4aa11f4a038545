import { readFileSync } from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import type { LoadedModule, RunnerAdapter, WrappedSource } from '../../src/worker/adapter.js'

// The cheapest runner the engine accepts: plain CommonJS, no transform, Jest 29's wrapper in this realm. For tests
// whose modules are too large for a TypeScript or Vite transform to stay out of the measurement.

const PREFIX = '({"Object.<anonymous>":function(module,exports,require,__dirname,__filename,jest){'
const SUFFIX = '\n}});'

export class CjsRunner implements RunnerAdapter {
  readonly realm = globalThis
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

  unwrap(source: string): WrappedSource | null {
    if (!source.startsWith(PREFIX) || !source.endsWith(SUFFIX)) return null
    return { prefix: PREFIX, code: source.slice(PREFIX.length, -SUFFIX.length), suffix: SUFFIX }
  }

  async reevaluate(old: LoadedModule): Promise<unknown> {
    const fresh = { file: old.file, exports: {} }
    this.#run(old.file, fresh)
    return fresh.exports
  }

  #run(file: string, module: { exports: unknown }): void {
    const wrapper = vm.runInThisContext(PREFIX + readFileSync(file, 'utf8') + SUFFIX, { filename: file })
    wrapper['Object.<anonymous>'].call(module.exports, module, module.exports, () => ({}), path.dirname(file), file, {})
  }
}
