import path from 'node:path'
import { errorMessage } from '../shared/messages.js'
import { realPath } from '../shared/real-path.js'
import type { PatchEngine } from './engine.js'

export interface LoadHookOptions {
  /** The reload dir: its modules are instrumented, never those under a node_modules folder. */
  root: string
  /** The run's test file, instrumented wherever it lives (its test functions are patched too). */
  isTestFile(file: string): boolean
  /** One line for a module that runs uninstrumented. */
  warn(line: string): void
}

/**
 * What a runner calls on each module's code right before it evaluates it (docs/architecture.md, "Instrumentation"):
 * the instrumented code for the modules the loop patches, the code as it is for every other. A module whose code
 * cannot be instrumented still runs, and is named. A string at once once the engine is ready (see PatchEngine).
 */
export function instrumentOnLoad(
  engine: PatchEngine,
  options: LoadHookOptions,
): (file: string, code: string) => string | Promise<string> {
  const root = realPath(path.resolve(options.root))
  return (file, code) => {
    if (!options.isTestFile(file) && !underReloadDir(root, file)) return code
    const uninstrumented = (error: unknown) => {
      const shown = path.relative(process.cwd(), file)
      options.warn(`${shown} runs uninstrumented (its saves are not patched): ${errorMessage(error).split('\n')[0]}`)
      return code
    }
    try {
      const instrumented = engine.instrument(file, code)
      return typeof instrumented === 'string' ? instrumented : instrumented.catch(uninstrumented)
    } catch (error) {
      return uninstrumented(error)
    }
  }
}

export function underReloadDir(root: string, file: string): boolean {
  const relative = path.relative(root, file)
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return false
  return !relative.split(/[\\/]/).includes('node_modules')
}
