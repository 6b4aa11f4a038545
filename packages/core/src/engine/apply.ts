import type { ModuleRecord } from '../runtime/runtime.js'
import { errorMessage } from '../shared/messages.js'
import type { Operation } from './plan.js'

// Carries out a plan on one module instance (docs/architecture.md, "The path of a save"): versions registered first
// (so re-run code already calls the new functions), then the top-level names a save added, then the statements that
// run again, in the order of the file, then class members. What threw is returned, never thrown.

export interface Applied {
  /** Operations that threw, with the error's text. */
  failed: Map<Operation, string>
}

export async function applyOperations(record: ModuleRecord, operations: Operation[]): Promise<Applied> {
  const failed = new Map<Operation, string>()
  const order: Operation['op'][] = ['update', 'define', 'rerun', 'member']
  for (const kind of order)
    for (const operation of operations) {
      if (operation.op !== kind) continue
      try {
        await applyOne(record, operation)
      } catch (error) {
        failed.set(operation, errorMessage(error))
      }
    }
  return { failed }
}

async function applyOne(record: ModuleRecord, operation: Operation): Promise<void> {
  switch (operation.op) {
    case 'update':
      record.versions.set(operation.id, operation.version)
      record.v[operation.id] = operation.version.hash
      return
    case 'define':
      record.l[operation.name] = record.s(operation.source)
      return
    case 'rerun': {
      const values = (await record.s(operation.source)) as unknown[] | undefined
      for (const [i, name] of operation.assign.entries()) assign(record, name, values?.[i])
      return
    }
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
