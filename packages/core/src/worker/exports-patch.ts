import type { StaleName } from '../shared/report.js'
import { instanceShape } from './source-shape.js'

// Re-evaluation creates new function and class objects. Importers read exports at call time (`(0, _m.fn)()`,
// `__vite_ssr_import_0__.fn`), so copying the new export descriptors onto the OLD exports object — the one every
// importer holds — makes them call the new code. Instances made before the reload get new methods through their
// OLD class prototype (docs/architecture.md, "V8: the bridge").

export interface ExportsPatch {
  /** Exports whose value changed, and class members copied onto old prototypes. */
  updated: string[]
  added: string[]
  removed: string[]
  stale: StaleName[]
  /** Old classes whose prototype now carries the new members, by export name. */
  classes: Map<string, { old: Function; fresh: Function }>
}

const SKIPPED_FUNCTION_KEYS = new Set(['prototype', 'length', 'name'])
const PRIVATE_NAME = /#[A-Za-z_$][\w$]*/

/**
 * `behaviour`, when known, names the outer functions whose behaviour the save changed; other exports are listed as
 * updated only when their code differs (a re-evaluation makes every function a new object).
 */
export function patchExports(oldExports: unknown, newExports: unknown, behaviour?: Set<string>): ExportsPatch {
  const unchanged = (name: string, a: unknown, b: unknown) => sameCode(a, b) && !behaviour?.has(name)
  const patch: ExportsPatch = { updated: [], added: [], removed: [], stale: [], classes: new Map() }
  if (!isObjectLike(oldExports)) {
    patch.stale.push({ name: 'module.exports', reason: 'is a primitive value; importers keep the old one' })
    return patch
  }
  if (oldExports === newExports || !isObjectLike(newExports)) return patch
  if (typeof oldExports === 'function' && oldExports !== newExports) patchFunctionExport(oldExports, newExports, patch)

  for (const key of Reflect.ownKeys(newExports)) {
    if (typeof key !== 'string' || (typeof oldExports === 'function' && SKIPPED_FUNCTION_KEYS.has(key))) continue
    const before = Object.getOwnPropertyDescriptor(oldExports, key)
    const after = Object.getOwnPropertyDescriptor(newExports, key)!
    const oldValue = before ? readDescriptor(before, oldExports) : undefined
    const newValue = readDescriptor(after, newExports)
    if (isClass(oldValue) && isClass(newValue) && oldValue !== newValue) {
      patchClass(key, oldValue, newValue, patch, unchanged)
      patch.classes.set(key, { old: oldValue, fresh: newValue })
    }
    if (!before) patch.added.push(key)
    else if (!Object.is(oldValue, newValue) && key !== '__esModule' && !unchanged(key, oldValue, newValue))
      patch.updated.push(key)
    if (!defineOver(oldExports, key, before, after))
      patch.stale.push({ name: key, reason: 'is a non-configurable export; importers keep the old value' })
  }
  for (const key of Reflect.ownKeys(oldExports)) {
    if (typeof key !== 'string' || Object.hasOwn(newExports, key)) continue
    if (typeof oldExports === 'function' && SKIPPED_FUNCTION_KEYS.has(key)) continue
    const before = Object.getOwnPropertyDescriptor(oldExports, key)
    if (before?.configurable) delete (oldExports as Record<string, unknown>)[key]
    patch.removed.push(key)
  }
  return patch
}

/** Copies new prototype and static members onto the old class, so existing instances run the new methods. */
type Unchanged = (name: string, a: unknown, b: unknown) => boolean

function patchClass(name: string, old: Function, fresh: Function, patch: ExportsPatch, unchanged: Unchanged): void {
  copyMembers(name, '#', old.prototype, fresh.prototype, new Set(['constructor']), patch, unchanged)
  copyMembers(name, '.', old, fresh, SKIPPED_FUNCTION_KEYS, patch, unchanged)
  if (instanceShape(old) !== instanceShape(fresh))
    patch.stale.push({
      name: `${name} constructor`,
      reason: 'changed; instances created before this edit keep the fields their old constructor set',
    })
}

function copyMembers(
  cls: string,
  sep: string,
  target: object,
  source: object,
  skip: Set<string>,
  patch: ExportsPatch,
  unchanged: Unchanged,
) {
  for (const key of Reflect.ownKeys(source)) {
    if (typeof key !== 'string' || skip.has(key)) continue
    const descriptor = Object.getOwnPropertyDescriptor(source, key)!
    const member = `${cls}${sep}${key}`
    const code = [descriptor.value, descriptor.get, descriptor.set].filter((f) => typeof f === 'function')
    if (sep === '#' && code.some(usesPrivateNames)) {
      // a new method touching #private fields throws on old instances, which lack the new class's private names
      patch.stale.push({
        name: member,
        reason: 'uses #private fields; instances created before this edit keep old code',
      })
      continue
    }
    const before = Object.getOwnPropertyDescriptor(target, key)
    if (defineOver(target, key, before, descriptor)) {
      if (!sameDescriptor(before, descriptor) && !unchanged(member, before?.value, descriptor.value))
        patch.updated.push(member)
    } else patch.stale.push({ name: member, reason: 'is not configurable' })
  }
}

/** `module.exports = function` : callers hold the old function itself; only its own properties can follow. */
function patchFunctionExport(old: Function, fresh: object, patch: ExportsPatch): void {
  patch.stale.push({
    name: 'module.exports',
    reason: 'is a function that callers hold directly; it runs new code only if the bridge reaches it',
  })
  if (isClass(old) && isClass(fresh))
    patchClass(old.name || 'default', old, fresh as Function, patch, (_, a, b) => sameCode(a, b))
}

function defineOver(target: object, key: string, before: PropertyDescriptor | undefined, after: PropertyDescriptor) {
  try {
    if (!before || before.configurable) Object.defineProperty(target, key, after)
    else if (before.writable && 'value' in after) (target as Record<string, unknown>)[key] = after.value
    else return sameDescriptor(before, after)
    return true
  } catch {
    return false
  }
}

function readDescriptor(descriptor: PropertyDescriptor, holder: object): unknown {
  if ('value' in descriptor) return descriptor.value
  try {
    return descriptor.get?.call(holder)
  } catch {
    return undefined // a binding still in its temporal dead zone
  }
}

function sameDescriptor(a: PropertyDescriptor | undefined, b: PropertyDescriptor): boolean {
  return !!a && Object.is(a.value, b.value) && a.get === b.get && a.set === b.set
}

/** Two functions with the same source text: a re-evaluation made a new object, but the save did not change it. */
function sameCode(a: unknown, b: unknown): boolean {
  return (
    typeof a === 'function' &&
    typeof b === 'function' &&
    Function.prototype.toString.call(a) === Function.prototype.toString.call(b)
  )
}

export function usesPrivateNames(fn: Function): boolean {
  return PRIVATE_NAME.test(Function.prototype.toString.call(fn))
}

export function isClass(value: unknown): value is Function {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value))
}

function isObjectLike(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function'
}
