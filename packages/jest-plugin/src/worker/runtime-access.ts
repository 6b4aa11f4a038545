import { pathToFileURL } from 'node:url'
import { PREFIX } from '@mighty-patcher/core/shared'
import type { JestModule, RuntimeLike, ScriptTransformerLike } from './jest-types.js'

// jest-runtime's module registry, file cache and transformer are private and moved at 30.4
// (docs/architecture.md, "Jest: the module registry"; "Jest: 29.7 and 30"). One place knows both layouts; an unknown
// layout fails with a clear message instead of patching nothing.

export interface RuntimeAccess {
  /** The CommonJS registry in use (the isolateModules overlay when active). */
  registry(): Map<string, JestModule>
  /** The namespace of `file` when it was loaded as an ES module (`--experimental-vm-modules`). */
  esModule(file: string): object | undefined
  /** The source jest-runtime read for `file`, if it read it. */
  cachedSource(file: string): string | undefined
  /** Forget the cached source and transform, so the next require reads the file on disk. */
  forget(file: string): void
  restoreSource(file: string, source: string | undefined): void
  transformer(): ScriptTransformerLike
  transformOptions(esm?: boolean): object
  /** Jest 29.7 wraps module code in a `vm.Script`; 30.x compiles a function (no wrapper text in the script). */
  wrapper(): { prefix: string; suffix: string } | undefined
  /** Jest ≥ 30 re-runs a failed test right after it failed; 29.7 at the end of its describe block. */
  retriesImmediately: boolean
  /**
   * Passes each CommonJS module's code through `hook` right before jest-runtime compiles it (after Jest's transform,
   * wherever that ran); ES modules are not seen. Returns the undo.
   */
  beforeCompile(hook: (file: string, code: string) => string): () => void
}

export function accessRuntime(runtime: RuntimeLike): RuntimeAccess {
  const { registries, fileCache, transformCache } = runtime
  const options = (esm?: boolean) => runtime._getFullTransformationOptions?.(esm ? ESM_OPTIONS : undefined) ?? {}
  if (registries && fileCache && transformCache) {
    return {
      registry: () => registries.getActiveCjsRegistry(),
      esModule: (file) => namespaceOf(registries.getActiveEsmRegistry?.().get(pathToFileURL(file).href)),
      cachedSource: (file) => fileCache.strings.get(file),
      forget(file) {
        fileCache.strings.delete(file)
        fileCache.buffers.delete(file)
        transformCache.transforms?.delete(file)
      },
      restoreSource(file, source) {
        fileCache.buffers.delete(file)
        if (source === undefined) fileCache.strings.delete(file)
        else fileCache.strings.set(file, source)
      },
      transformer: () => transformCache.scriptTransformer,
      transformOptions: options,
      wrapper: () => undefined,
      retriesImmediately: true,
      // ModuleExecutor#exec: `this.compile(this.transformCache.transform(filename, options), filename)`
      beforeCompile: (hook) => wrapCompile(runtime.executor, 'compile', hook),
    }
  }
  const { _moduleRegistry: modules, _cacheFS: strings, _scriptTransformer: transformer } = runtime
  if (modules && strings && transformer) {
    const compilesFunctions = typeof runtime.enterTestCode === 'function' // 30.0–30.3 use vm.compileFunction
    return {
      registry: () => runtime._isolatedModuleRegistry ?? modules,
      esModule: (file) => namespaceOf((runtime._isolatedESModuleRegistry ?? runtime._esmoduleRegistry)?.get(file)),
      cachedSource: (file) => strings.get(file),
      forget(file) {
        strings.delete(file)
        runtime._cacheFSBuffer?.delete(file)
        runtime._fileTransforms?.delete(file)
      },
      restoreSource(file, source) {
        runtime._cacheFSBuffer?.delete(file)
        if (source === undefined) strings.delete(file)
        else strings.set(file, source)
      },
      transformer: () => transformer,
      transformOptions: options,
      wrapper: () =>
        compilesFunctions || !runtime.constructModuleWrapperStart
          ? undefined
          : { prefix: runtime.constructModuleWrapperStart(), suffix: '\n}});' },
      retriesImmediately: compilesFunctions,
      // _execModule: `this.createScriptFromCode(this.transformFile(filename, options), filename)`
      beforeCompile: (hook) => wrapCompile(runtime, 'createScriptFromCode', hook),
    }
  }
  throw new Error(`${PREFIX} this jest-runtime has an unknown layout: the reload loop supports Jest 29.7 and 30.x`)
}

/** Wraps `owner[method](scriptSource, filename)` on the instance; the undo puts back what was there. */
function wrapCompile<K extends string>(
  owner: Partial<Record<K, (scriptSource: string, filename: string) => unknown>> | undefined,
  method: K,
  hook: (file: string, code: string) => string,
): () => void {
  const compile = owner?.[method]
  if (!owner || typeof compile !== 'function')
    throw new Error(
      `${PREFIX} this jest-runtime compiles modules in an unknown way: the reload loop supports Jest 29.7 and 30.x`,
    )
  const own = Object.getOwnPropertyDescriptor(owner, method)
  owner[method] = function (this: unknown, scriptSource: string, filename: string) {
    return compile.call(this, hook(filename, scriptSource), filename)
  } as (typeof owner)[K]
  return () => {
    if (own) Object.defineProperty(owner, method, own)
    else delete owner[method]
  }
}

// what jest-runtime passes when it loads an ES module: the transform must keep `import`/`export`
const ESM_OPTIONS = {
  isInternalModule: false,
  supportsDynamicImport: true,
  supportsExportNamespaceFrom: true,
  supportsStaticESM: true,
  supportsTopLevelAwait: true,
}

/** A linked vm.SourceTextModule's namespace (reading it earlier throws). */
function namespaceOf(entry: unknown): object | undefined {
  try {
    const namespace = (entry as { namespace?: unknown } | undefined)?.namespace
    return typeof namespace === 'object' && namespace !== null ? namespace : undefined
  } catch {
    return undefined
  }
}

/** Runs `fn` as test code: Jest ≥ 30.4 refuses `require` between tests, and a pause is between tests. */
export async function asTestCode<T>(runtime: RuntimeLike, fn: () => Promise<T> | T): Promise<T> {
  runtime.enterTestCode?.()
  try {
    return await fn()
  } finally {
    runtime.leaveTestCode?.()
  }
}
