import { createRequire } from 'node:module'
import { runAsWorker } from 'synckit'
import { transpileWithoutTypes, typeCheckingTsJest } from '../shared/ts-jest.js'

// The thread that runs a project's type-checking transformer (ts-jest) for the test thread, which waits for each
// answer (transform-offload.ts). Only here does TypeScript build its program, so the test thread's heap — which
// every live edit walks — stays the size of the tests (docs/architecture.md, "Jest: ts-jest").

export type TransformerMethod = 'getCacheKey' | 'process' | 'processAsync' | 'getCacheKeyAsync'
/** Ours, for a save (worker/fast-transform.ts): ts-jest's isolated compile, or undefined when ts-jest would not type-check. */
export type LoopMethod = 'transpileOnly' | 'typeChecks'

export interface TransformRequest {
  transformPath: string
  transformerConfig: unknown
  method: TransformerMethod | LoopMethod
  args: [source: string, file: string, options: object]
}

type Transformer = Partial<Record<TransformerMethod, (...args: unknown[]) => unknown>>

const require = createRequire(import.meta.url)
const transformers = new Map<string, Promise<Transformer>>()

/** As Jest's ScriptTransformer loads it: the module (its default export when compiled from ESM), or its factory's. */
async function load(transformPath: string, transformerConfig: unknown): Promise<Transformer> {
  const loaded = require(transformPath) as { __esModule?: boolean; default?: unknown }
  const module = (loaded.__esModule ? loaded.default : loaded) as Transformer & {
    createTransformer?(config: unknown): Transformer | Promise<Transformer>
  }
  return typeof module.createTransformer === 'function' ? module.createTransformer(transformerConfig) : module
}

runAsWorker(async ({ transformPath, transformerConfig, method, args }: TransformRequest) => {
  const key = `${transformPath}\0${JSON.stringify(transformerConfig)}`
  let transformer = transformers.get(key)
  if (!transformer) {
    transformer = load(transformPath, transformerConfig)
    transformers.set(key, transformer)
  }
  const [source, file, options] = args
  try {
    const loaded = await transformer
    if (method === 'transpileOnly' || method === 'typeChecks') {
      const tsJest = typeCheckingTsJest(asScriptTransformer(loaded, transformPath, options), file, options)
      if (method === 'typeChecks') return tsJest !== undefined
      return tsJest && transpileWithoutTypes(tsJest, file, source)
    }
    // Jest's file cache stays on the test thread: the transformer reads other files from disk
    return await loaded[method]!(source, file, { ...options, cacheFS: new Map() })
  } catch (error) {
    throw cloneable(error)
  }
})

/** What ts-jest's internals are read through on the test thread: here, the one transformer this thread holds. */
function asScriptTransformer(transformer: Transformer, transformPath: string, options: object) {
  return {
    _config: (options as { config?: object }).config,
    _cacheFS: new Map<string, string>(),
    _getTransformer: () => ({ transformer }),
    _getTransformPath: () => transformPath,
  }
}

/**
 * An error the test thread can receive as what it is: errors of other classes (ts-jest's TSError) arrive as plain
 * objects without their message when structured-cloned.
 */
function cloneable(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error))
  const copy = new Error(error.message)
  copy.name = error.name
  copy.stack = error.stack
  return copy
}
