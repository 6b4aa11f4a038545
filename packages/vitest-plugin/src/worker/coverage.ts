import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { type PatchEngine, toolLine, type V8FunctionCoverage } from '@mighty-patcher/core/engine'
import { workerState } from './vitest-internals.js'

// @vitest/coverage-v8 takes V8's counts in the worker and the main process maps them with Vite's transform of each
// file, which is not what ran: the engine instrumented it (docs/architecture.md, "Coverage"). Its worker module's
// `takeCoverage` gets the counts back on Vite's code first; that module is the object Vitest imported by name.

interface ScriptCoverage {
  url: string
  functions: V8FunctionCoverage[]
  /** Where the module's code starts in the script Vitest compiled (its wrapper comes first). */
  startOffset?: number
}

interface CoverageModule {
  takeCoverage?(options?: unknown): Promise<{ result?: ScriptCoverage[] } | undefined>
}

const FOLLOWED = Symbol.for('mighty-patcher.vitest-coverage')

/** When this run measures V8 coverage, its counts of instrumented modules are turned back to Vite's code. */
export async function followCoverage(engine: PatchEngine): Promise<void> {
  const coverage = (workerState().config as { coverage?: { enabled?: boolean; provider?: string } }).coverage
  if (!coverage?.enabled || (coverage.provider ?? 'v8') !== 'v8') return
  const module = await coverageModule()
  const take = module?.takeCoverage
  if (!module || typeof take !== 'function' || (take as { [FOLLOWED]?: true })[FOLLOWED]) return
  await engine.ready() // the counts are turned back with the parser, synchronously
  const followed = async function (this: unknown, options?: unknown) {
    const taken = await take.call(this, options)
    if (!taken?.result) return taken
    const say = (line: string) => process.stderr.write(`${toolLine(line)}\n`)
    taken.result = taken.result.filter((script) => {
      if (!script.url.startsWith('file://')) return true
      const base = script.startOffset ?? 0
      const functions = engine.runnerCoverage(fileURLToPath(script.url), script.functions, base, say)
      if (functions) script.functions = functions
      return functions !== undefined
    })
    return taken
  }
  module.takeCoverage = Object.assign(followed, { [FOLLOWED]: true as const })
}

/** The module Vitest's worker imports as `@vitest/coverage-v8`, resolved from Vitest as it does. */
async function coverageModule(): Promise<CoverageModule | undefined> {
  try {
    const fromVitest = createRequire(createRequire(import.meta.url).resolve('vitest'))
    const url = pathToFileURL(fromVitest.resolve('@vitest/coverage-v8')).href
    return ((await import(url)) as { default?: CoverageModule }).default
  } catch {
    return undefined
  }
}
