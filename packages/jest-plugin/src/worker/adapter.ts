import { readFileSync } from 'node:fs'
import { stripVTControlCharacters } from 'node:util'
import type { RunnerAdapter } from '@mighty-patcher/core/engine'
import { transpileOnly } from '../ts-jest/fast-transform.js'
import type { EnvironmentLike, RuntimeLike, TransformResult } from './jest-types.js'
import type { RuntimeAccess } from './runtime-access.js'
import type { StackMapFollower } from './stack-maps.js'

// How the engine sees one test file's jest-runtime: its module registry, Jest's own transform of a saved file
// (ts-jest's without its type check: docs/architecture.md, "Jest: ts-jest") and the source map Jest maps stack
// traces with (docs/architecture.md, "Jest: the module registry").

export interface JestAdapterOptions {
  environment: EnvironmentLike
  runtime: RuntimeLike
  access: RuntimeAccess
  testPath: string
  /** Setup files (setupFiles, setupFilesAfterEnv): like the test file, their top level never runs again. */
  setupFiles: readonly string[]
  /** Points Jest's stack traces at the map of the code that runs now. */
  followStackMap: StackMapFollower
}

export function createJestAdapter(options: JestAdapterOptions): RunnerAdapter {
  const { environment, runtime, access, testPath, setupFiles, followStackMap } = options
  // the last fresh transform per file: the map Jest wrote for it
  const transformed = new Map<string, TransformResult>()
  return {
    realm: environment.global,
    // the test file's top level registers its tests, setup files' register hooks: a save never runs them again
    neverRerun: (file) => file === testPath || setupFiles.includes(file),
    // jest-runtime compiles a module under its path (the vm filename its stack frames show)
    sourceUrl: (file) => file,
    // as the test file's own: jest-runtime resolves from the file, gives a mock where one is registered and the
    // instance the tests use; `import()` as ts-jest and babel-jest compile it for CommonJS (a namespace of the exports)
    loaderOf(file) {
      const require = (id: string) => runtime.requireModuleOrMock(file, id)
      return { require, import: async (id) => asNamespace(require(id)) }
    },
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
        transformed.set(file, result)
        return result.code
      } catch (error) {
        throw new Error(firstLine(error))
      }
    },
    // the map Jest maps this file's stacks with now (the runtime's registry, which `applied` keeps current); read on
    // the stopped thread for inspect's frames, so synchronously
    sourceMap(file) {
      const mapPath = runtime.getSourceMaps?.()?.get(file)
      if (!mapPath) return undefined
      try {
        const map = JSON.parse(readFileSync(mapPath, 'utf8')) as { mappings?: unknown; sources?: string[] }
        return typeof map.mappings === 'string' ? { mappings: map.mappings, sources: map.sources } : undefined
      } catch {
        return undefined
      }
    },
    applied(file, code) {
      const result = transformed.get(file)
      transformed.delete(file)
      if (result?.code === code) followStackMap(file, result.sourceMapPath)
    },
  }
}

/**
 * A transform error as one line: its first, and where it is when that line does not say (swc's diagnostics give the
 * place on the next line, `╭─[/p/src/math.ts:3:1]`; Babel's and ts-jest's first lines carry it).
 */
function firstLine(error: unknown): string {
  const message =
    typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error)
  // without colours: the session prints this inside its own line
  const plain = stripVTControlCharacters(message)
  const first = (plain.split('\n').find((line) => line.trim()) ?? plain).trim()
  if (/\d+:\d+/.test(first)) return first
  const place = /^\s*(?:╭─|,-)\[.*?:(\d+):(\d+)\]\s*$/m.exec(plain)
  return place ? `${first.replace(/^[×x]\s+/, '')} (line ${place[1]}, column ${place[2]})` : first
}

/** `import()` of a CommonJS module compiled to `require` (TypeScript's `__importStar`, Babel's interop): an ES
 * module's exports as they are, others with `default` the exports themselves. */
function asNamespace(exports: unknown): unknown {
  if (typeof exports === 'object' && exports !== null && (exports as { __esModule?: unknown }).__esModule)
    return exports
  if ((typeof exports !== 'object' && typeof exports !== 'function') || exports === null) return { default: exports }
  return { ...(exports as object), default: exports }
}
