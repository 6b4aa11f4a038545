import type { FileReport } from '../shared/report.js'
import { changedFunctions, PARAMETERS_CHANGED, staleClosure, updatedName } from './function-diff.js'
import { functionTree } from './function-tree.js'

/**
 * What a verified live edit changed, for its report: the named functions whose code changed at any depth (not every
 * function of the module; a test's anonymous callbacks are not worth a name), and the nested functions whose closures
 * made before the save V8 leaves on the old code (docs/architecture.md, "V8: how functions are matched").
 */
export function reportLiveEdit(report: FileReport, oldCode: string, newCode: string): void {
  const changes = changedFunctions(oldCode, functionTree(oldCode), newCode, functionTree(newCode))
  const updated = new Set(report.updated)
  const stale = new Set(report.stale.map((s) => s.name))
  for (const change of changes) {
    // a live edit rewrites the whole script: a new parameter list is applied like any other change of a body
    const old = change.depth > 0 && change.blocked && change.blocked !== PARAMETERS_CHANGED
    if (old) {
      if (!stale.has(change.name)) report.stale.push(staleClosure(change))
      stale.add(change.name)
      continue
    }
    const name = updatedName(change)
    if (name && !updated.has(name)) {
      updated.add(name)
      report.updated.push(name)
    }
  }
}
