import { readFile } from 'node:fs/promises'
import type { LoadedModule, RunnerAdapter, WrappedSource } from '@mighty-patcher/core/worker'
import {
  type FetchResult,
  followSourceMap,
  type ModuleNode,
  moduleRunner,
  sourceMapOf,
  workerState,
} from './vitest-internals.js'

// Vitest's module runner wraps each module as `'use strict';async (<args>)=>{{<code>\n}}` and runs it with
// vm.runInThisContext (vm pools: runInContext). Exports objects are unsealed with configurable getters, and importers
// read them at call time, so the engine can update them in place (docs/architecture.md, "Vitest: module evaluation").

const WRAPPER_START = "'use strict';async ("
const WRAPPER_OPEN = ')=>{{'
const WRAPPER_END = '\n}}'

interface VitestModule extends LoadedModule {
  readonly node: ModuleNode
}

export function createVitestAdapter(neverReevaluate: () => Set<string>): RunnerAdapter {
  // the last fresh fetch per file: its source map goes onto the module once its code runs
  const fetched = new Map<string, FetchResult & { code: string }>()
  return {
    realm: globalThis,

    modulesOf(file) {
      const nodes = workerState().evaluatedModules.getModulesByFile(file) ?? new Set()
      return [...nodes]
        .filter((node) => node.exports !== undefined && !node.id.startsWith('mock:'))
        .map((node): VitestModule => ({ file, node, exports: node.exports }))
    },

    async transform(file) {
      const [module] = this.modulesOf(file) as VitestModule[]
      const url = module?.node.url ?? file
      // the main process invalidated its transform cache for this file before asking us to patch
      const result = await moduleRunner().transport.invoke('fetchModule', [url, undefined, { cached: false }])
      if (result.externalize) throw new Error(`${file} is externalized by Vitest, so it is not patched in place`)
      const code = typeof result.code === 'string' ? result.code : result.tmp && (await readFile(result.tmp, 'utf8'))
      if (typeof code !== 'string') throw new Error(`Vitest returned no code for ${file}`)
      fetched.set(file, { ...result, code })
      return code
    },

    applied(file, code) {
      const result = fetched.get(file)
      fetched.delete(file)
      for (const module of this.modulesOf(file) as VitestModule[]) followSourceMap(module.node, code, result)
    },

    unwrap(scriptSource): WrappedSource | null {
      if (!scriptSource.startsWith(WRAPPER_START) || !scriptSource.endsWith(WRAPPER_END)) return null
      const open = scriptSource.indexOf(WRAPPER_OPEN)
      if (open < 0) return null
      const prefix = scriptSource.slice(0, open + WRAPPER_OPEN.length)
      return { prefix, code: scriptSource.slice(prefix.length, -WRAPPER_END.length), suffix: WRAPPER_END }
    },

    sourceMap: sourceMapOf,

    neverRerun: (file) => neverReevaluate().has(file),

    // the filename Vitest's module evaluator compiles the module with (its id; vi.mock's copies drop `mock:`)
    sourceUrl(file) {
      const [module] = this.modulesOf(file) as VitestModule[]
      return module?.node.id ?? file
    },

    async reevaluate(module) {
      const { node } = module as VitestModule
      if (neverReevaluate().has(module.file))
        throw new Error('a test or setup file is never re-evaluated (that would register its tests again)')
      const old = node.exports
      workerState().evaluatedModules.invalidateModule(node)
      try {
        return await moduleRunner().import(node.url)
      } finally {
        // importers keep reading the old object, which the engine updates in place: hand that one out from now on
        node.exports = old
        node.promise = Promise.resolve(old)
        node.evaluated = true
      }
    },
  }
}
