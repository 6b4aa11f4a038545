import { readFileSync } from 'node:fs'
import { stripVTControlCharacters } from 'node:util'
import type { LoadedModule, RunnerAdapter, WrappedSource } from '@mighty-patcher/core/worker'
import { transpileOnly } from './fast-transform.js'
import type { EnvironmentLike, RuntimeLike, TransformResult } from './jest-types.js'
import { withTransformOf } from './reuse-transform.js'
import type { RuntimeAccess } from './runtime-access.js'
import type { StackMapFollower } from './stack-maps.js'

// How the engine sees one test file's jest-runtime: its CommonJS registry, Jest's own transform of a saved file
// (ts-jest's without its type check: docs/architecture.md, "Jest: ts-jest"), the wrapper V8 compiled around it, and
// re-evaluation through jest-runtime itself, so Jest's transformer, module wrapper, `jest` object and source maps all
// stay in play (docs/architecture.md, "Jest: the module registry").

export interface JestAdapterOptions {
  environment: EnvironmentLike
  runtime: RuntimeLike
  access: RuntimeAccess
  testPath: string
  /** Points Jest's stack traces at the map of the code that runs now. */
  followStackMap: StackMapFollower
}

export function createJestAdapter(options: JestAdapterOptions): RunnerAdapter {
  const { environment, runtime, access, testPath, followStackMap } = options
  const wrapper = access.wrapper()
  // the last fresh transform per file, and the source it came from: the map Jest wrote for it, the code to re-evaluate
  const transformed = new Map<string, { file: string; source: string; result: TransformResult }>()
  return {
    realm: environment.global,
    // the test file's top level registers its tests: a save never runs it again
    neverRerun: (file) => file === testPath,
    // jest-runtime compiles a module under its path (the vm filename its stack frames show)
    sourceUrl: (file) => file,
    modulesOf(file) {
      const module = access.registry().get(file)
      if (module) return [{ file, exports: module.exports }]
      const namespace = access.esModule(file)
      return namespace ? [{ file, exports: namespace }] : []
    },
    async transform(file) {
      const source = readFileSync(file, 'utf8')
      try {
        const esm = !access.registry().has(file) && access.esModule(file) !== undefined
        const transformer = access.transformer()
        const options = access.transformOptions(esm)
        const result =
          (esm ? undefined : transpileOnly(transformer, file, options, source)) ??
          transformer.transform(file, options, source)
        transformed.set(file, { file, source, result })
        return result.code
      } catch (error) {
        throw new Error(firstLine(error))
      }
    },
    applied(file, code) {
      const result = transformed.get(file)?.result
      transformed.delete(file)
      if (result?.code === code) followStackMap(file, result.sourceMapPath)
    },
    unwrap(scriptSource): WrappedSource | null {
      // Jest 30 compiles CommonJS with vm.compileFunction and ES modules as vm.SourceTextModule: V8 shows the bare
      // code. Jest 29.7 wraps CommonJS in a vm.Script (docs/architecture.md, "Jest: 29.7 and 30"); verified against
      // Debugger.getScriptSource
      if (wrapper && scriptSource.startsWith(wrapper.prefix) && scriptSource.endsWith(wrapper.suffix)) {
        const { prefix, suffix } = wrapper
        return { prefix, code: scriptSource.slice(prefix.length, scriptSource.length - suffix.length), suffix }
      }
      return { prefix: '', code: scriptSource, suffix: '' }
    },
    async reevaluate(module: LoadedModule) {
      const { file } = module
      // a test file's top level registers tests: running it again mid-run would register them twice
      if (file === testPath) throw new Error('the test file itself is only patched by live edit (function bodies)')
      // importers of an ES module are linked to its bindings, and namespaces are read-only
      // (docs/architecture.md, "Jest: the module registry")
      if (!access.registry().has(file))
        throw new Error('ES modules are only patched by live edit (function bodies): re-run Jest for this change')
      const registry = access.registry()
      const old = registry.get(file)
      const oldSource = access.cachedSource(file)
      access.forget(file)
      registry.delete(file)
      const compiled = transformed.get(file)
      try {
        const require = () => runtime.requireModule(testPath, file)
        return compiled ? withTransformOf(access.transformer(), compiled, require) : require()
      } catch (error) {
        access.restoreSource(file, oldSource)
        throw error
      } finally {
        // importers keep reading the old module object; the engine copies the new exports onto it
        if (old) registry.set(file, old)
      }
    },
  }
}

function firstLine(error: unknown): string {
  const message =
    typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error)
  // without colours: the session prints this inside its own line
  const plain = stripVTControlCharacters(message)
  return (plain.split('\n').find((line) => line.trim()) ?? plain).trim()
}
