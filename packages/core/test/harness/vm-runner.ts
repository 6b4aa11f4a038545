import { readFileSync } from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import ts from 'typescript'
import { moduleRunnerTransform } from 'vite'
import type { LoadedModule, RunnerAdapter } from '../../src/engine/adapter.js'

// A minimal module runner over plain `vm`, in the two wrapper styles the real runners use, so the engine is tested
// without Vitest or Jest: Vitest's module runner (Vite SSR transform, async-arrow wrapper, vm.runInThisContext with a
// negative column offset) and Jest 29 (TypeScript → CommonJS, `vm.Script` wrapper in a separate context).

export type WrapperStyle = 'vitest' | 'jest'

/** User code imports the state API; it is loaded like any module, in the modules' realm, as the runners do. */
const STATE_MODULE = path.resolve(import.meta.dirname, '../../src/state.ts')

interface Module extends LoadedModule {
  exports: Record<string, unknown>
}

const VITEST_PREFIX =
  "'use strict';async (__vite_ssr_exports__,__vite_ssr_import_meta__,__vite_ssr_import__,__vite_ssr_dynamic_import__,__vite_ssr_exportAll__,__vite_ssr_exportName__,__filename,__dirname,module,exports,require)=>{{"
const VITEST_SUFFIX = '\n}}'
const JEST_PREFIX = '({"Object.<anonymous>":function(module,exports,require,__dirname,__filename,jest){'
const JEST_SUFFIX = '\n}});'

export class VmRunner implements RunnerAdapter {
  readonly realm: object
  /** What the engine adds to a module's code right before it runs (the runners' load hook). */
  instrument?: (file: string, code: string) => string | Promise<string>
  readonly #context: vm.Context | undefined
  readonly #modules = new Map<string, Module>()

  constructor(readonly style: WrapperStyle) {
    this.#context = style === 'jest' ? vm.createContext({}) : undefined
    this.realm = style === 'jest' ? vm.runInContext('globalThis', this.#context!) : globalThis
  }

  async import(file: string): Promise<Record<string, unknown>> {
    const loaded = this.#modules.get(file)
    if (loaded) return loaded.exports
    const module: Module = { file, exports: this.#emptyExports() }
    this.#modules.set(file, module)
    await this.#evaluate(file, await this.transform(file), module)
    return module.exports
  }

  /** Runs code in the modules' realm, as a test body would. */
  run<T>(code: string): T {
    return (this.#context ? vm.runInContext(code, this.#context) : vm.runInThisContext(code)) as T
  }

  modulesOf(file: string): LoadedModule[] {
    const module = this.#modules.get(file)
    return module ? [module] : []
  }

  async transform(file: string): Promise<string> {
    const source = readFileSync(file, 'utf8')
    if (this.style === 'vitest') {
      const result = await moduleRunnerTransform(stripTypes(source, file, ts.ModuleKind.ESNext), null, file, source)
      if (!result) throw new Error(`could not transform ${file}`)
      return result.code
    }
    return stripTypes(source, file, ts.ModuleKind.CommonJS)
  }

  #emptyExports(): Record<string, unknown> {
    return this.style === 'vitest' ? Object.create(null) : this.run('({})')
  }

  async #evaluate(file: string, runnerCode: string, module: Module): Promise<void> {
    const instrumented = this.instrument?.(file, runnerCode) ?? runnerCode
    // a CommonJS require evaluates synchronously: no await unless the engine must load its parser first
    const code = typeof instrumented === 'string' ? instrumented : await instrumented
    const resolve = (id: string) =>
      id === '@mighty-patcher/core'
        ? STATE_MODULE
        : path.resolve(path.dirname(file), id.endsWith('.ts') ? id : `${id}.ts`)
    if (this.style === 'vitest') {
      const fn = vm.runInThisContext(VITEST_PREFIX + code + VITEST_SUFFIX, {
        filename: file,
        columnOffset: -VITEST_PREFIX.length,
      })
      const exports = module.exports
      const exportName = (name: string, get: () => unknown) =>
        Object.defineProperty(exports, name, { enumerable: true, configurable: true, get })
      await fn(exports, {}, (id: string) => this.import(resolve(id)), null, null, exportName, file, path.dirname(file))
      return
    }
    const wrapper = new vm.Script(JEST_PREFIX + code + JEST_SUFFIX, { filename: file }).runInContext(this.#context!)
    const cjs = { exports: module.exports as unknown }
    const require = (id: string) => {
      const target = resolve(id)
      if (!this.#modules.has(target)) {
        const dep: Module = { file: target, exports: this.#emptyExports() }
        this.#modules.set(target, dep)
        void this.#evaluate(target, stripTypes(readFileSync(target, 'utf8'), target, ts.ModuleKind.CommonJS), dep)
      }
      return this.#modules.get(target)!.exports
    }
    wrapper['Object.<anonymous>'].call(cjs.exports, cjs, cjs.exports, require, path.dirname(file), file, {})
    module.exports = cjs.exports as Record<string, unknown>
  }
}

function stripTypes(source: string, file: string, module: ts.ModuleKind): string {
  const { outputText, diagnostics = [] } = ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { module, target: ts.ScriptTarget.ES2022, esModuleInterop: true, useDefineForClassFields: true },
  })
  // like the runners' transforms, refuse code that does not parse
  const [first] = diagnostics
  if (first) throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(first.messageText, '\n')}`)
  return outputText.replace(/\n\/\/# sourceMappingURL=.*$/, '')
}
