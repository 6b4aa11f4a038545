import type { ScriptTransformerLike, TransformResult } from './jest-types.js'

/**
 * While `run` re-evaluates `file` through jest-runtime, Jest's transform of that file answers with the code the patch
 * already compiled from the same source (ts-jest would type-check it again: docs/architecture.md, "Jest: ts-jest").
 * Any other file, or a source changed since, goes through Jest's own transform.
 */
export function withTransformOf<T>(
  transformer: ScriptTransformerLike,
  compiled: { file: string; source: string; result: TransformResult },
  run: () => T,
): T {
  const own = Object.getOwnPropertyDescriptor(transformer, 'transform')
  const jestTransform = transformer.transform
  transformer.transform = function (file, options, source) {
    if (file === compiled.file && source === compiled.source) return compiled.result
    return jestTransform.call(this, file, options, source)
  }
  try {
    return run()
  } finally {
    if (own) Object.defineProperty(transformer, 'transform', own)
    else delete (transformer as { transform?: unknown }).transform
  }
}
