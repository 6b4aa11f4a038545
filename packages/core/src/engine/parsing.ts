import { mapModule } from '../analysis/module-map.js'
import { describeSaveError } from '../analysis/save-error.js'
import { sourceLines } from '../analysis/source-map.js'
import { instrument } from '../instrument/instrument.js'
import { runsOf, toRunnerCoverage } from './coverage.js'
import type { LoadInstrumented } from './load-cache.js'
import { planPatch } from './plan.js'

// What the engine loads the first time it must parse (docs/architecture.md, "Cost when nothing fails"): the parser,
// the instrumenter and the diff. A test process whose modules all come from the load cache, and that never pauses,
// never loads them.

export { describeSaveError, instrument, mapModule, planPatch, runsOf, sourceLines, toRunnerCoverage }

/** A module's code instrumented as it loads, with what the runtime registers before it runs. */
export function instrumentedAtLoad(file: string, code: string): LoadInstrumented {
  const fresh = instrument(code, file)
  const hashes: Record<string, number> = {}
  for (const site of fresh.map.functions) if (!site.plain) hashes[site.id] = site.hash
  return { code: fresh.code, hashes, topNames: [...fresh.map.topNames] }
}
