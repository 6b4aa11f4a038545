import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { TransformContext } from './host-messages.js'

// Jest's transform of a saved file, run off the test thread with the same @jest/transform, project config and options
// as that test file's jest-runtime, so the code matches what it compiled: on the session's thread for a test thread
// stopped by inspect (offered only when an inspect is armed), and on the type-check thread after a patch.

export interface ScriptTransformerLike {
  transform(file: string, options: object, source: string): { code: string }
}

interface Offered {
  context: TransformContext
  transformer: Promise<ScriptTransformerLike>
}

export interface HostTransformOptions {
  /** Jest's cache of transformed files is not read: every transform runs the transformer (a type check must). */
  uncached?: boolean
}

export function createHostTransform({ uncached = false }: HostTransformOptions = {}) {
  const offered = new Map<string, Offered>()

  /** The transformer of the project whose rootDir holds the file (the innermost, for nested projects). */
  async function transformerFor(file: string): Promise<{ transformer: ScriptTransformerLike; options: object }> {
    let best: Offered | undefined
    for (const candidate of offered.values()) {
      const root = candidate.context.config.rootDir
      if (!file.startsWith(root + path.sep)) continue
      if (!best || root.length > best.context.config.rootDir.length) best = candidate
    }
    if (!best) throw new Error('no Jest project holds this file')
    return { transformer: await best.transformer, options: best.context.options }
  }

  return {
    /** True when this context is new. */
    offer(context: TransformContext): boolean {
      const key = `${context.transformModule}\0${JSON.stringify(context.config)}\0${JSON.stringify(context.options)}`
      if (offered.has(key)) return false
      // made now, while the person looks at the pause or the stop: loading transformers (ts-jest) takes a while
      const transformer = (async () => {
        // CommonJS in Jest 29 and 30 (the path require.resolve gave the test thread)
        const module = createRequire(import.meta.url)(context.transformModule) as {
          createScriptTransformer(config: object): Promise<ScriptTransformerLike>
        }
        return module.createScriptTransformer(uncached ? { ...context.config, cache: false } : context.config)
      })()
      transformer.catch(() => {}) // reported when a save needs it
      offered.set(key, { context, transformer })
      return true
    },
    transformerFor,
    async transform(file: string): Promise<string> {
      const { transformer, options } = await transformerFor(file)
      return transformer.transform(file, options, readFileSync(file, 'utf8')).code
    },
  }
}
