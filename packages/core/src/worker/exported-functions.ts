import { isClass } from './exports-patch.js'

/** Exported functions, class methods and statics, by display name: what must run new code after a patch. */
export function probesOf(exports: unknown, withMembers = true): Map<string, Function> {
  const probes = new Map<string, Function>()
  if (typeof exports === 'function') probes.set('module.exports', exports)
  if (!exports || (typeof exports !== 'object' && typeof exports !== 'function')) return probes
  for (const key of Object.keys(exports)) {
    const descriptor = Object.getOwnPropertyDescriptor(exports, key)
    let value: unknown
    try {
      value = descriptor && ('value' in descriptor ? descriptor.value : descriptor.get?.call(exports))
    } catch {
      continue
    }
    if (typeof value !== 'function') continue
    // a class constructor keeps its old location after a method-body edit; its methods are what must be verified
    if (!isClass(value) || !withMembers) probes.set(key, value)
    if (!withMembers || !isClass(value)) continue
    for (const [holder, sep] of [
      [value.prototype, '#'],
      [value, '.'],
    ] as const) {
      for (const member of Object.getOwnPropertyNames(holder)) {
        const d = Object.getOwnPropertyDescriptor(holder, member)
        if (member !== 'constructor' && typeof d?.value === 'function' && member !== 'prototype')
          probes.set(`${key}${sep}${member}`, d.value)
      }
    }
  }
  return probes
}
