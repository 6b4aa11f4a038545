import { createRequire } from 'node:module'
import { requireFromJest } from '../shared/jest-require.js'
import type { RuntimeLike } from './jest-types.js'

// Jest maps stack frames through the runtime's source-map registry (file → map written by its transform). A patch runs
// new code in a file: its entry must name the new map, or every later stack (the pause, `$error.stack`, the final
// report) points at the old lines. Jest 30 reloads a map whose registry entry changed; Jest 29.7 formats stacks with
// the source-map-support its runner installed in the test file's context, which caches each file's map for good:
// told to empty its caches before each stack, it reads the registry again.

/** Called when `file` runs the code of a fresh transform whose map Jest wrote to `sourceMapPath`. */
export type StackMapFollower = (file: string, sourceMapPath: string | null | undefined) => void

export function followStackMaps(runtime: RuntimeLike, rootDir: string): StackMapFollower {
  let flushed = false
  return (file, sourceMapPath) => {
    const registry = runtime.getSourceMaps?.()
    if (!registry) return
    if (sourceMapPath) registry.set(file, sourceMapPath)
    else registry.delete(file)
    if (flushed) return
    flushed = true
    emptySourceMapSupportCaches(runtime, rootDir)
  }
}

/** Jest 29.7's jest-runner: `runtime.requireInternalModule(require.resolve('source-map-support')).install(…)`. */
function emptySourceMapSupportCaches(runtime: RuntimeLike, rootDir: string): void {
  try {
    const fromRunner = createRequire(requireFromJest(rootDir).resolve('jest-runner'))
    const path = fromRunner.resolve('source-map-support')
    // only the instance jest-runner installed (the internal registry is keyed by path): loading one more would put
    // a formatter that knows no registry in front of Jest's
    if (!runtime._internalModuleRegistry?.has(path)) return
    const support = runtime.requireInternalModule?.(path) as { install?(options: object): void } | undefined
    support?.install?.({ emptyCacheBetweenOperations: true })
  } catch {
    // Jest 30 has no source-map-support: its own cache follows the registry
  }
}
