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
  unwrap(source) {
    if (!source.startsWith(PREFIX) || !source.endsWith(SUFFIX)) return null
    return { prefix: PREFIX, code: source.slice(PREFIX.length, -SUFFIX.length), suffix: SUFFIX }
  }
  async reevaluate(old) {
    const fresh = { file: old.file, exports: {} }
    this.#run(old.file, fresh)
    return fresh.exports
  }
  #run(file, module) {
    const wrapper = vm.runInThisContext(PREFIX + readFileSync(file, 'utf8') + SUFFIX, { filename: file })
    wrapper['Object.<anonymous>'].call(module.exports, module, module.exports, () => ({}), path.dirname(file), file, {})
  }
}
