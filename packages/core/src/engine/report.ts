import { emptyReport, type FileReport } from '../shared/report.js'
import type { Applied } from './apply.js'
import type { Operation } from './plan.js'

// A plan and what applying it did, as the report the session prints (docs/architecture.md, "Never silent"): what
// now runs new code, what was added, removed and run again, and what still runs old code and why.

/** The function istanbul's coverage puts atop each file it instruments (babel-jest, ts-jest with `--coverage`). */
const COVERAGE_COUNTER = /^cov_[0-9a-z]+$/

function suspendedReason(calls: number): string {
  const which = calls === 1 ? 'a call suspended' : `${calls} calls suspended`
  return `${which} in it (at an await or a yield) ${calls === 1 ? 'finishes' : 'finish'} on the old code; new calls run the new one`
}

export function reportOf(file: string, operations: Operation[], applied: Applied): FileReport {
  const report: FileReport = emptyReport(file)
  for (const operation of operations) {
    const error = applied.failed.get(operation)
    switch (operation.op) {
      case 'update': {
        if (COVERAGE_COUNTER.test(operation.id)) break
        if (operation.changed) report.updated.push(displayName(operation.id))
        else report.moved.push(displayName(operation.id))
        const calls = applied.suspended.get(operation)
        if (calls) report.stale.push({ name: displayName(operation.id), reason: suspendedReason(calls) })
        break
      }
      case 'define':
        if (error) report.stale.push({ name: operation.name, reason: `its definition threw: ${error}` })
        else report.added.push(operation.name)
        break
      case 'rerun':
        if (error) report.stale.push({ name: `line ${operation.line}`, reason: `running it again threw: ${error}` })
        else if (operation.assign.length > 0)
          for (const name of operation.assign)
            (operation.added.includes(name) ? report.added : report.updated).push(name)
        else if (operation.exported)
          (operation.added.includes(operation.exported) ? report.added : report.updated).push(operation.exported)
        else report.reran.push(`line ${operation.line}`)
        break
      case 'member':
        if (error) report.stale.push({ name: operation.name, reason: error })
        else (operation.source === null ? report.removed : report.added).push(operation.name)
        break
      case 'stale':
        report.stale.push({ name: operation.name, reason: operation.reason })
        break
      case 'removed':
        report.removed.push(operation.name)
        break
    }
  }
  if (operations.length === 0) report.status = 'unchanged'
  // a name the save added is also exported by a statement of its own (the runner's): said once, as added
  report.updated = report.updated.filter((name) => !report.added.includes(name))
  report.added = [...new Set(report.added)]
  return report
}

/** `createClient/get` → `get in createClient()`: what the person reads in the patch line. */
export function displayName(id: string): string {
  const at = id.lastIndexOf('/')
  if (at < 0) return id
  const parent = id.slice(0, at)
  return `${id.slice(at + 1)} in ${parent}${parent.endsWith(')') ? '' : '()'}`
}
