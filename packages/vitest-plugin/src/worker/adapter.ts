import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { LoadedModule, RunnerAdapter } from '@mighty-patcher/core/engine'
import {
  type FetchResult,
  followSourceMap,
  type ModuleNode,
  moduleRunner,
  sourceMapOf,
  testAndSetupFiles,
  workerState,
} from './vitest-internals.js'

// What the engine asks of Vitest's module runner (docs/architecture.md, "Vitest: module evaluation"): the modules of
// a file, its fresh transform from the main process, and the source map stack traces are mapped with.

interface VitestModule extends LoadedModule {
  readonly node: ModuleNode
}

export function createVitestAdapter(): RunnerAdapter {
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

    sourceMap: sourceMapOf,

    neverRerun: (file) => testAndSetupFiles().has(file),

    // as the test file's own: Vitest's evaluator gives a module Node's `require` from its URL, and its `import()` goes
    // through the module runner (a relative path from the file), so the instance is the one the tests use
    loaderOf(file) {
      const runner = moduleRunner()
      return {
        // 4.0 takes a path (a URL gets a stub that returns {}), 4.1 a URL or a path
        require: runner.evaluator.createRequire?.(file) ?? createRequire(file),
        import: (id) => runner.import(id.startsWith('.') ? path.resolve(path.dirname(file), id) : id),
      }
    },

    // the filename Vitest's module evaluator compiles the module with (its id; vi.mock's copies drop `mock:`)
    sourceUrl(file) {
      const [module] = this.modulesOf(file) as VitestModule[]
      return module?.node.id ?? file
    },
  }
}
