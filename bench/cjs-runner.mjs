// A CommonJS runner in Jest 29's wrapper style over plain `vm`, shared by the engine benchmarks.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'

const PREFIX = '({"Object.<anonymous>":function(module,exports,require,__dirname,__filename,jest){'
const SUFFIX = '\n}});'

/** A CommonJS runner in Jest 29's wrapper style over plain `vm` (the engine's adapter contract, nothing more). */
export class CjsRunner {
  realm = globalThis
  modules = new Map()
  /** What the engine adds to a module's code right before it runs (the runners' load hook). */
  instrument = (_file, code) => code
  load(file) {
    const module = { file, exports: {} }
    this.#run(file, module)
    this.modules.set(file, module)
    return module.exports
  }
  modulesOf(file) {
    const module = this.modules.get(file)
    return module ? [module] : []
  }
  async transform(file) {
    return readFileSync(file, 'utf8')
  }
  #run(file, module) {
    const code = this.instrument(file, readFileSync(file, 'utf8'))
    const wrapper = vm.runInThisContext(PREFIX + code + SUFFIX, { filename: file })
    wrapper['Object.<anonymous>'].call(module.exports, module, module.exports, () => ({}), path.dirname(file), file, {})
  }
}
