import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import vm from 'node:vm'
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
  /** Every ES module loaded so far, by file, with its namespace (the prompt's scope). */
  esModules(): [file: string, namespace: object][]
  transformer(): ScriptTransformerLike
  transformOptions(esm?: boolean): object
  /** Jest ≥ 30 re-runs a failed test right after it failed; 29.7 at the end of its describe block. */
  retriesImmediately: boolean
  /**
   * Passes each module's code through `hook` right before jest-runtime compiles it (after Jest's transform, wherever
   * that ran): CommonJS through jest-runtime's compile method, ES modules through `vm.SourceTextModule`. Returns the
   * undo.
   */
  beforeCompile(hook: (file: string, code: string) => string): () => void
  /** Where a CommonJS module's code starts in the script V8 compiles (29.7 wraps it in a function's text). */
  codeStart: number
}

/**
 * The exports of the modules `file` requires itself, from now on: a module's `require` calls the runtime's
 * `requireModuleOrMock` on the instance in every layout (29.7 binds it when the module is made, 30.x calls it).
 */
export function followRequires(runtime: RuntimeLike, file: string): () => ReadonlySet<unknown> {
  const required = new Set<unknown>()
  const requireModuleOrMock = runtime.requireModuleOrMock
  runtime.requireModuleOrMock = function (this: RuntimeLike, from, moduleName) {
    const exports = requireModuleOrMock.call(this, from, moduleName)
    if (from === file) required.add(exports)
    return exports
  }
  return () => required
}

export function accessRuntime(runtime: RuntimeLike): RuntimeAccess {
  const { registries, fileCache, transformCache } = runtime
  const options = (esm?: boolean) => runtime._getFullTransformationOptions?.(esm ? ESM_OPTIONS : undefined) ?? {}
  if (registries && fileCache && transformCache) {
    return {
      registry: () => registries.getActiveCjsRegistry(),
      esModule: (file) => namespaceOf(registries.getActiveEsmRegistry?.().get(pathToFileURL(file).href)),
      esModules: () => linked(registries.getActiveEsmRegistry?.()),
      transformer: () => transformCache.scriptTransformer,
      transformOptions: options,
      retriesImmediately: true,
      // ModuleExecutor#exec: `this.compile(this.transformCache.transform(filename, options), filename)`
      beforeCompile: (hook) => both(wrapCompile(runtime.executor, 'compile', hook), wrapSourceTextModule(hook)),
      codeStart: 0, // vm.compileFunction
    }
  }
  const { _moduleRegistry: modules, _cacheFS: strings, _scriptTransformer: transformer } = runtime
  if (modules && strings && transformer) {
    const compilesFunctions = typeof runtime.enterTestCode === 'function' // 30.0–30.3 use vm.compileFunction
    return {
      registry: () => runtime._isolatedModuleRegistry ?? modules,
      esModule: (file) => namespaceOf((runtime._isolatedESModuleRegistry ?? runtime._esmoduleRegistry)?.get(file)),
      esModules: () => linked(runtime._isolatedESModuleRegistry ?? runtime._esmoduleRegistry),
      transformer: () => transformer,
      transformOptions: options,
      retriesImmediately: compilesFunctions,
      // _execModule: `this.createScriptFromCode(this.transformFile(filename, options), filename)`
      beforeCompile: (hook) => both(wrapCompile(runtime, 'createScriptFromCode', hook), wrapSourceTextModule(hook)),
      codeStart: compilesFunctions ? 0 : (runtime.constructModuleWrapperStart?.().length ?? 0),
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

/**
 * jest-runtime makes every ES module of a file with `new vm.SourceTextModule(code, { identifier: path })`, reading
 * `SourceTextModule` off node:vm at each call, in 29.7 and every 30.x: a subclass put there sees the code first
 * (docs/architecture.md, "Jest: the module registry"). Only with `--experimental-vm-modules` is there one.
 */
function wrapSourceTextModule(hook: (file: string, code: string) => string): () => void {
  const holder = vm as unknown as { SourceTextModule?: new (code: string, options?: { identifier?: string }) => object }
  const Original = holder.SourceTextModule
  if (!Original) return () => {}
  holder.SourceTextModule = class extends Original {
    constructor(code: string, options?: { identifier?: string }) {
      const file = options?.identifier
      super(file && path.isAbsolute(file) ? hook(file, code) : code, options)
    }
  }
  return () => {
    holder.SourceTextModule = Original
  }
}

function both(a: () => void, b: () => void): () => void {
  return () => {
    a()
    b()
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

/** The linked modules of an ES module registry (keyed by path, or by file URL from 30.4), by file. */
function linked(registry: Map<string, unknown> | null | undefined): [string, object][] {
  return [...(registry ?? [])].flatMap(([key, entry]) => {
    const namespace = namespaceOf(entry)
    if (!namespace) return []
    const file = key.startsWith('file:') ? fileURLToPath(key) : key
    return [[file, namespace] as [string, object]]
  })
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
