import type { PatchEngine, V8FunctionCoverage } from '@mighty-patcher/core/engine'
import type { RuntimeLike } from './jest-types.js'

// With `coverageProvider: 'v8'`, jest-runtime hands its reporter V8's counts of each module with Jest's transform of
// it, which is not what ran: the engine instrumented it (docs/architecture.md, "Coverage"). The counts go back on
// Jest's code first.

interface V8CoverageEntry {
  result: { url: string; functions: V8FunctionCoverage[] }
}

/** `runtime.getAllV8CoverageInfoCopy()` answers on Jest's code; a file patched since it loaded is left out, said. */
export function followV8Coverage(
  runtime: RuntimeLike,
  engine: PatchEngine,
  codeStart: number,
  notify: (line: string) => void,
): void {
  const owner = runtime as { getAllV8CoverageInfoCopy?(): V8CoverageEntry[] }
  const copy = owner.getAllV8CoverageInfoCopy
  if (typeof copy !== 'function') return
  owner.getAllV8CoverageInfoCopy = function (this: unknown) {
    return copy.call(this).filter(({ result }) => {
      const functions = engine.runnerCoverage(result.url, result.functions, codeStart, notify)
      if (functions) result.functions = functions
      return functions !== undefined
    })
  }
}
