import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { ScriptTransformerLike, TransformResult } from '../worker/jest-types.js'
import { type ScriptTransformerInternals, transpileWithoutTypes, typeCheckingTsJest } from './compiler.js'

// ts-jest's default preset type-checks every file it compiles: its LanguageService's emit and semantic diagnostics
// rebuild the checker for the whole program, over a second per save. A patch needs only the JavaScript, so a save is
// compiled with ts-jest's OWN isolated path — the same AST transformers (jest.mock hoisting) and inline source map as
// under `isolatedModules` — and the type check runs after the patch, off the test thread
// (docs/architecture.md, "Jest: ts-jest"). For any other transformer this answers undefined: the caller runs Jest's
// full transform, as before.

interface JestInternals extends ScriptTransformerInternals {
  _createCachedFilename?(file: string, key: string): string
  _buildTransformResult?(
    file: string,
    cacheFilePath: string,
    content: string,
    transformer: unknown,
    shouldCallTransform: boolean,
    options: object,
    processed: { code: string },
    sourceMapPath: string,
  ): TransformResult
}

/** `file` compiled by ts-jest without its type check, when ts-jest type-checks it; a syntax error throws ts-jest's. */
export function transpileOnly(
  scriptTransformer: ScriptTransformerLike,
  file: string,
  options: object,
  source: string,
): TransformResult | undefined {
  const jest = scriptTransformer as ScriptTransformerLike & JestInternals
  if (!jest._createCachedFilename || !jest._buildTransformResult || source.startsWith('#!')) return undefined
  const tsJest = typeCheckingTsJest(jest, file, options)
  if (!tsJest) return undefined
  const code = transpileWithoutTypes(tsJest, file, source)
  // Jest writes the map (and the code) to its cache dir, under a key of our own: Jest's own transform never reads it,
  // so the next run still type-checks this content
  const key = createHash('sha1').update('mighty-patcher transpile-only\0').update(file).update('\0').update(source)
  const cacheFilePath = jest._createCachedFilename(file, key.digest('hex').slice(0, 32))
  mkdirSync(path.dirname(cacheFilePath), { recursive: true })
  const instrumentOff = { ...options, instrument: false }
  return jest._buildTransformResult(
    file,
    cacheFilePath,
    source,
    tsJest.instance,
    true,
    instrumentOff,
    { code },
    `${cacheFilePath}.map`,
  )
}
