import type { ModuleRecord } from '../runtime/runtime.js'
import { errorMessage } from '../shared/messages.js'
import type { Operation } from './plan.js'

// Carries out a plan on one module instance (docs/architecture.md, "The path of a save"): versions registered first
// (so re-run code already calls the new functions), then the top-level names a save added, then the statements that
// run again, in the order of the file, then class members. What threw is returned, never thrown.

export interface Applied {
  /** Operations that threw, with the error's text. */
  failed: Map<Operation, string>
  /** Updates of async functions and generators with calls suspended in an older version: how many. */
  suspended: Map<Operation, number>
}

const ORDER: Operation['op'][] = ['update', 'define', 'rerun', 'member']

export async function applyOperations(record: ModuleRecord, operations: Operation[]): Promise<Applied> {
  const failed = new Map<Operation, string>()
  for (const kind of ORDER)
    for (const operation of operations) {
      if (operation.op !== kind) continue
      try {
        // awaited only when it is a re-run: until then this runs synchronously, inside the caller's Ctrl-C guard
        const running = applyOne(record, operation)
        if (running) await running
      } catch (error) {
        failed.set(operation, errorMessage(error))
      }
    }
  return { failed, suspended: suspendedCalls(record, operations) }
}

/** The same, on a thread that cannot wait (stopped at its throw): a plan without top-level statements to run again. */
export function applyNow(record: ModuleRecord, operations: Operation[]): Applied {
  const failed = new Map<Operation, string>()
  for (const kind of ORDER)
    for (const operation of operations) {
      if (operation.op !== kind) continue
      try {
        if (operation.op === 'rerun') throw new Error('a top-level statement cannot run again while stopped')
        applyOne(record, operation)
      } catch (error) {
        failed.set(operation, errorMessage(error))
      }
    }
  return { failed, suspended: suspendedCalls(record, operations) }
}

/** Calls that started on another version of an updated function and have not finished (the instrumentation counts them). */
function suspendedCalls(record: ModuleRecord, operations: Operation[]): Map<Operation, number> {
  const suspended = new Map<Operation, number>()
  for (const operation of operations) {
    if (operation.op !== 'update' || !operation.changed) continue
    const prefix = `${operation.id}@`
    let calls = 0
    for (const [key, count] of Object.entries(record.r)) {
      const hash = key.startsWith(prefix) ? key.slice(prefix.length) : ''
      if (count > 0 && /^-?\d+$/.test(hash) && Number(hash) !== operation.version.hash) calls += count
    }
    if (calls > 0) suspended.set(operation, calls)
  }
  return suspended
}

/** Synchronous but for a re-run of a statement that awaits. */
function applyOne(record: ModuleRecord, operation: Operation): void | Promise<void> {
  switch (operation.op) {
    case 'update':
      record.versions.set(operation.id, operation.version)
      record.v[operation.id] = operation.version.hash
      return
    case 'define':
      record.l[operation.name] = record.s(operation.source)
      return
    case 'rerun':
      return rerun(record, operation)
    case 'member': {
      const entry = record.classes.get(operation.classId)
      if (!entry) throw new Error(`class ${operation.classId} was not made in this module instance`)
      const target = (operation.static ? entry.cls : (entry.cls as { prototype: object }).prototype) as object
      if (operation.source === null) {
        if (operation.key) Reflect.deleteProperty(target, operation.key)
        return
      }
      const [key, descriptor] = entry.accessor(operation.source) as [PropertyKey, PropertyDescriptor]
      Object.defineProperty(target, key, { ...descriptor, enumerable: false })
      return
    }
    default:
      return
  }
}

/** Synchronous unless the statement awaits: then a promise (of the module's realm) to wait for. */
function rerun(record: ModuleRecord, operation: Extract<Operation, { op: 'rerun' }>): void | Promise<void> {
  const assignAll = (values: unknown) => {
    for (const [i, name] of operation.assign.entries()) assign(record, name, (values as unknown[] | undefined)?.[i])
  }
  const result = record.s(operation.source)
  if (typeof (result as PromiseLike<unknown> | undefined)?.then !== 'function') return assignAll(result)
  return Promise.resolve(result).then(assignAll)
}

/** A top-level name gets its new value: in the module scope when it has the binding, else in the record. */
function assign(record: ModuleRecord, name: string, value: unknown): void {
  if (!record.names.has(name)) {
    record.l[name] = value
    return
  }
  record.t = value
  record.s(`${name} = __mp$.t`)
  record.t = undefined
}
