import { createSyncFn } from 'synckit'
import { transpileWithoutTypes, typeCheckingTsJest } from '../shared/ts-jest.js'
import type { LoopMethod, TransformerMethod, TransformRequest } from './transform-thread.js'

// ts-jest's default preset type-checks with a TypeScript program that lives in the heap of the thread that calls it:
// in band, the test thread, 100–200 MB next to the tests, which every garbage collection of the tests walks. Here each
// ts-jest entry of the test file's ScriptTransformer is answered by one transform thread instead, synchronously as
// Jest expects (docs/architecture.md, "Jest: ts-jest").

interface TransformerEntry {
  transformer: Partial<Record<TransformerMethod | 'canInstrument', unknown>> & { constructor?: { name?: string } }
  transformerConfig?: unknown
}

/** The parts of @jest/transform's ScriptTransformer this reads: its loaded transformers and its config. */
export interface ScriptTransformerInternals {
  _transformCache?: Map<string, TransformerEntry>
  _config?: { transform?: [pattern: string, path: string, config: unknown][] }
}

const OFFLOADED = Symbol.for('mighty-patcher.jest.offloaded')
let callThread: ((request: TransformRequest) => unknown) | undefined

/** Moves this ScriptTransformer's ts-jest and babel-jest transformers to the transform thread; others stay. */
export function offloadTransformers(scriptTransformer: unknown): number {
  const { _transformCache: cache, _config: config } = scriptTransformer as ScriptTransformerInternals
  if (!(cache instanceof Map) || !Array.isArray(config?.transform)) return 0
  let moved = 0
  for (const [key, entry] of cache) {
    if ((entry.transformer as { [OFFLOADED]?: boolean })[OFFLOADED]) continue
    const configured = config.transform.find(([, path, c]) => key.endsWith(path) && c === entry.transformerConfig)
    if (!configured || !movable(entry, configured[1]) || !clones(entry.transformerConfig)) continue
    cache.set(key, { ...entry, transformer: proxy(entry, configured[1]) })
    moved++
  }
  return moved
}

function proxy({ transformer, transformerConfig }: TransformerEntry, transformPath: string) {
  callThread ??= createSyncFn<(request: TransformRequest) => Promise<unknown>>(
    new URL('./transform-thread.js', import.meta.url).href,
  )
  const call = (method: TransformerMethod | LoopMethod) =>
    function (this: unknown, ...args: unknown[]) {
      const [source, file, options] = args as TransformRequest['args']
      // Jest's file cache (every file read so far) is not sent: the thread reads what it needs from disk
      const request: TransformRequest = {
        transformPath,
        transformerConfig,
        method,
        args: [source, file, { ...options, cacheFS: undefined }],
      }
      try {
        return callThread!(request)
      } catch (error) {
        // options that do not clone (a function in a config): this file is transformed here, as Jest would
        if ((error as Error)?.name !== 'DataCloneError' || method === 'transpileOnly' || method === 'typeChecks')
          throw error
        return (transformer[method] as Function).call(transformer, ...args)
      }
    }
  const has = (method: TransformerMethod) => typeof transformer[method] === 'function'
  return {
    [OFFLOADED]: true,
    canInstrument: transformer.canInstrument,
    ...(has('getCacheKey') && { getCacheKey: call('getCacheKey') }),
    ...(has('getCacheKeyAsync') && { getCacheKeyAsync: async (...args: unknown[]) => call('getCacheKey')(...args) }),
    ...(has('process') && { process: call('process') }),
    ...(has('processAsync') && { processAsync: async (...args: unknown[]) => call('process')(...args) }),
    transpileOnly: (source: string, file: string, options: object) =>
      call('transpileOnly')(source, file, options) as string | undefined,
    typeChecks: (file: string, options: object) => call('typeChecks')('', file, options) as boolean,
  }
}

interface OffloadedTsJest {
  /** ts-jest's isolated compile of a save, on the transform thread; undefined when ts-jest would not type-check it. */
  transpileOnly(source: string, file: string, options: object): string | undefined
  /** Whether ts-jest type-checks `file` (its language-service mode). `options.config`: the project config. */
  typeChecks(file: string, options: object): boolean
}

/** ts-jest in type-checking mode for `file`, wherever it runs: what Jest holds for the file, and its isolated compile. */
export interface TypeCheckingTransformer {
  transformer: unknown
  /** The save compiled without its type check (syntax errors throw ts-jest's error). */
  transpile(source: string): string | undefined
}

/**
 * `file`'s ts-jest when it type-checks the file — on the transform thread, or on this one when it could not be moved
 * — else undefined (babel-jest, ts-jest with `isolatedModules`, a custom transformer).
 */
export function typeCheckingTransformer(
  scriptTransformer: object,
  file: string,
  options: object,
): TypeCheckingTransformer | undefined {
  const offloaded = offloadedTsJest(scriptTransformer, file)
  if (offloaded) {
    // the thread has no ScriptTransformer of its own: the project config goes with the options
    const withConfig = { ...options, config: (scriptTransformer as { _config?: object })._config }
    if (!offloaded.typeChecks(file, withConfig)) return undefined
    return { transformer: offloaded, transpile: (source) => offloaded.transpileOnly(source, file, withConfig) }
  }
  const tsJest = typeCheckingTsJest(scriptTransformer, file, options)
  return tsJest && { transformer: tsJest.instance, transpile: (source) => transpileWithoutTypes(tsJest, file, source) }
}

/** The transform-thread proxy Jest uses for `file`, when ts-jest was moved there. */
function offloadedTsJest(scriptTransformer: object, file: string): OffloadedTsJest | undefined {
  const jest = scriptTransformer as { _getTransformer?(file: string): { transformer?: unknown } | null }
  try {
    const transformer = jest._getTransformer?.(file)?.transformer as { [OFFLOADED]?: boolean } | undefined
    return transformer?.[OFFLOADED] ? (transformer as unknown as OffloadedTsJest) : undefined
  } catch {
    return undefined
  }
}

/**
 * ts-jest (its TypeScript program) and babel-jest (Babel, Jest's default transform): the two that hold most of a test
 * thread's heap. A custom transformer stays where Jest put it: it may keep state the tests read.
 */
function movable({ transformer }: TransformerEntry, transformPath: string): boolean {
  return transformer.constructor?.name === 'TsJestTransformer' || /[\\/]babel-jest[\\/]/.test(transformPath)
}

function clones(value: unknown): boolean {
  try {
    structuredClone(value)
    return true
  } catch {
    return false
  }
}
