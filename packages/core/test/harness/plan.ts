import { applyNow } from '../../src/engine/apply.js'
import { instrumentedAtLoad, mapModule } from '../../src/engine/parsing.js'
import { type Operation, type PlanOptions, planPatch } from '../../src/engine/plan.js'
import { instrument } from '../../src/instrument/instrument.js'
import { type ModuleRecord, runtimeOf } from '../../src/runtime/runtime.js'

// A save as data, without the engine: a module instance's record as the runtime makes it for the code it was loaded
// from, and the plan of each save over it (docs/architecture.md, "A save as operations"). Nothing runs the module's
// code: the record's accessor evaluates nothing, so applying a plan registers its versions and the names it defines
// (what the next save's plan reads) and runs no statement.

export const FILE = '/p/src/lib.js'
export const RESTART = 'restart the file'

const OPTIONS: PlanOptions = {
  url: FILE,
  neverRerun: false,
  restart: RESTART,
  sourceLine: (line) => line,
}

export interface Loaded {
  record: ModuleRecord
  /**
   * The operations of a save of `code` over the code the instance runs now; then, as the engine does, they are applied
   * (versions and check table, defined names) and `code` is what the next save compares against.
   */
  save(code: string, options?: Partial<PlanOptions>): Operation[]
}

/** A module instance loaded from `code`, its record prepared as the engine prepares it (engine.instrument). */
export function loaded(code: string): Loaded {
  const runtime = runtimeOf({})
  const atLoad = instrumentedAtLoad(FILE, code)
  runtime.prepare(FILE, atLoad.hashes, new Set(atLoad.topNames))
  const record = runtime.m(FILE, () => undefined)
  let current = mapModule(code)
  return {
    record,
    save(next, options = {}) {
      const fresh = instrument(next, FILE, { withTokens: true })
      const operations = planPatch(record, current, fresh, { ...OPTIONS, ...options })
      applyNow(record, operations)
      current = fresh.map
      return operations
    },
  }
}

/** The operations of one save, from `before` to `after`. */
export function plan(before: string, after: string, options?: Partial<PlanOptions>): Operation[] {
  return loaded(before).save(after, options)
}

/** Each operation in a line: its kind and what it names (`update double`, `rerun line 2`, `stale Box`). */
export function kinds(operations: Operation[]): string[] {
  return operations.map((operation) => {
    switch (operation.op) {
      case 'update':
        return `update ${operation.id}${operation.changed ? '' : ' (moved)'}`
      case 'rerun':
        return `rerun line ${operation.line}`
      case 'member':
        return `member ${operation.name}${operation.source === null ? ' (removed)' : ''}`
      default:
        return `${operation.op} ${operation.name}`
    }
  })
}

/** The one operation of a kind in a plan (it fails when there is none or more than one). */
export function only<K extends Operation['op']>(operations: Operation[], op: K): Extract<Operation, { op: K }> {
  const found = operations.filter((operation) => operation.op === op)
  if (found.length !== 1) throw new Error(`expected one ${op}, got ${kinds(operations).join('; ') || 'none'}`)
  return found[0] as Extract<Operation, { op: K }>
}
