import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { TransformContext } from './host-messages.js'

// Jest's transform of a saved file, run on the session's thread for a test thread stopped by inspect: the same
// @jest/transform, project config and options as that test file's jest-runtime, so the code matches what it compiled.
// Offered only when an inspect is armed (nothing of this loads during normal runs).

interface ScriptTransformerLike {
  transform(file: string, options: object, source: string): { code: string }
}

interface Offered {
  context: TransformContext
  transformer: Promise<ScriptTransformerLike>
}

export function createHostTransform() {
  const offered = new Map<string, Offered>()
  return {
    offer(context: TransformContext): void {
      const key = `${context.transformModule}\0${JSON.stringify(context.config)}\0${JSON.stringify(context.options)}`
      if (offered.has(key)) return
      // made now, while the person looks at the stop: loading transformers (ts-jest) takes a while
      const transformer = (async () => {
        // CommonJS in Jest 29 and 30 (the path require.resolve gave the test thread)
        const module = createRequire(import.meta.url)(context.transformModule) as {
          createScriptTransformer(config: object): Promise<ScriptTransformerLike>
        }
        return module.createScriptTransformer(context.config)
      })()
      transformer.catch(() => {}) // reported when a save needs it
      offered.set(key, { context, transformer })
    },
    async transform(file: string): Promise<string> {
      // the project whose rootDir holds the file (the innermost, for nested projects)
      let best: Offered | undefined
      for (const candidate of offered.values()) {
        const root = candidate.context.config.rootDir
        if (!file.startsWith(root + path.sep)) continue
        if (!best || root.length > best.context.config.rootDir.length) best = candidate
      }
      if (!best) throw new Error('no Jest project holds this file')
      const transformer = await best.transformer
      return transformer.transform(file, best.context.options, readFileSync(file, 'utf8')).code
    },
  }
}
