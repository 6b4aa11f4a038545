import type { Completion } from '../shared/protocol.js'
import { lastingLocals, underGlobals } from './evaluate.js'
import { IDENTIFIER } from './scope.js'

// Tab at the prompt: the names a word at the end of the line may become — the names in scope (the lines' own
// declarations, the project's exports, `$error`, the realm's globals), or after `a.b.` the properties of that value.
// Values are reached through data properties only: completing runs no code of the test process (a getter is never
// called), so it cannot hang it.

const MAX_NAMES = 200

export function completionsInRealm(realm: object, line: string, error: unknown, scope: object): Completion {
  const tail = /[\w$.]*$/.exec(line)?.[0] ?? ''
  const path = tail.split('.')
  const partial = path.pop() ?? ''
  if (path.some((part) => !IDENTIFIER.test(part))) return { partial, names: [] }
  const locals = lastingLocals(realm)
  const named = { ...underGlobals(scope, realm), ...locals, $error: error }
  let names: string[]
  if (path.length === 0) names = [...Object.keys(named), ...propertyNames(realm)]
  else {
    const [root, ...rest] = path as [string, ...string[]]
    const start = root in named ? { value: (named as Record<string, unknown>)[root] } : dataProperty(realm, root)
    const value = rest.reduce<{ value: unknown } | undefined>((at, key) => at && dataProperty(at.value, key), start)
    names = value ? propertyNames(value.value) : []
  }
  const matching = [...new Set(names)].filter((name) => name.startsWith(partial) && IDENTIFIER.test(name)).sort()
  return { partial, names: matching.slice(0, MAX_NAMES) }
}

/** `value[key]` when it is a data property (own or inherited); undefined for an accessor or none. */
function dataProperty(value: unknown, key: string): { value: unknown } | undefined {
  if (value === null || value === undefined) return undefined
  for (let o: object | null = Object(value); o; o = Object.getPrototypeOf(o)) {
    const descriptor = Object.getOwnPropertyDescriptor(o, key)
    if (descriptor) return 'value' in descriptor ? { value: descriptor.value } : undefined
  }
  return undefined
}

/** Every string-keyed property of the value and its prototypes, as `value.` + Tab lists them. */
function propertyNames(value: unknown): string[] {
  if (value === null || value === undefined) return []
  const names: string[] = []
  for (let o: object | null = Object(value); o; o = Object.getPrototypeOf(o))
    names.push(...Object.getOwnPropertyNames(o))
  return names
}
