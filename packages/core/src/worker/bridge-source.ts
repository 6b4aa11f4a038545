import type { StaleName } from '../shared/report.js'
import type { FunctionSite } from './source-shape.js'

// After a re-evaluation, references captured before it (`const f = mod.f`, registered callbacks, bound methods)
// still point at the OLD function objects. We live-edit the OLD script so each of its top-level functions first
// forwards to its counterpart in the module's latest exports. Text is only inserted at the start of each body:
// V8 then treats the function as changed rather than damaged, and since the old body stays in place (unreachable)
// every top-level binding stays captured as before (docs/architecture.md, "V8: how functions are matched").

// The forwarder is kept short on purpose: V8 diffs long runs of changed text as one hunk, and a hunk over a function's
// start leaves it old. Each forwarder calls the realm's resolver with a number registered for its (file, path).
const RESOLVER_KEY = '__mpBridge'
const RESOLVER = RESOLVER_KEY // a global of the realm, read by its bare name: the shortest text
const REGISTRY = Symbol.for('mighty-patcher.bridge-registry')

interface Forwarded {
  file: string
  path: string[]
  latest(file: string): unknown
}

/** Registers `(file, path)` in the realm and returns the number its forwarder passes. */
export type RegisterForwarder = (file: string, path: string[]) => number

/** A function in the old code and where its new version is found, from the file's latest exports. */
export interface BridgeTarget {
  site: FunctionSite
  path: string[]
}

/** Text to put in place of `[start, end)` of a script's code; an insertion when both are equal. */
export interface Edit {
  start: number
  end: number
  text: string
}

export interface Forwarders {
  inserts: Edit[]
  bridged: FunctionSite[]
  skipped: StaleName[]
}

export function forwardersFor(file: string, targets: BridgeTarget[], register: RegisterForwarder): Forwarders {
  const inserts: Edit[] = []
  const bridged: FunctionSite[] = []
  const skipped: StaleName[] = []
  for (const { site, path } of targets) {
    const lookup = `${RESOLVER}(${register(file, path)})`
    const insert = forwarder(site, lookup)
    if (typeof insert === 'string') {
      skipped.push({ name: site.name, reason: insert })
      continue
    }
    inserts.push({ start: insert.at, end: insert.at, text: insert.text })
    bridged.push(site)
  }
  return { inserts, bridged, skipped }
}

/** `code` with `edits` applied; they must not overlap. One pass, so a large module with many edits stays linear. */
export function applyEdits(code: string, edits: Edit[]): string {
  const parts: string[] = []
  let at = 0
  for (const edit of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    parts.push(code.slice(at, edit.start), edit.text)
    at = edit.end
  }
  parts.push(code.slice(at))
  return parts.join('')
}

/** The text that makes `site` call its new version, or why it cannot. */
function forwarder(site: FunctionSite, lookup: string): { at: number; text: string } | string {
  if (site.constructor) return 'is a constructor; instances created before this edit keep their fields'
  if (site.member && site.member.kind !== 'method') return `is a ${site.member.kind}ter captured before this edit`
  if (site.directive) return 'starts with a directive, so no forwarder can be inserted'
  let call: string
  if (site.arrow) {
    // arrows have no `arguments`: pass the parameters on by name. No `this` either: an arrow reading `this` makes the
    // enclosing wrapper's `this` context-allocated, a scope change that leaves the arrow stale
    if (!site.simpleParams) return 'is an arrow function with destructured or default parameters'
    call = `${lookup}(${site.simpleParams.map((p) => (p.rest ? `...${p.name}` : p.name)).join(', ')})`
  } else call = `${lookup}.apply(this, arguments)`
  // the condition is never false, but V8 must not see the rest of the body as dead code: functions nested there would
  // no longer take later edits of their bodies (docs/architecture.md, "V8: the bridge")
  if (site.concise) return { at: site.bodyStart, text: `${RESOLVER} ? ${call} : ` } // keeps the last token intact
  return { at: site.bodyStart + 1, text: ` if (${RESOLVER}) return ${site.generator ? 'yield* ' : ''}${call};` }
}

/** @internal the resolver the inserted forwarders call, installed once per realm; returns how to register targets */
export function installBridge(realm: object, latestExports: (file: string) => unknown): RegisterForwarder {
  const holder = realm as { [REGISTRY]?: Forwarded[]; [RESOLVER_KEY]?: (id: number) => Function }
  holder[REGISTRY] ??= []
  const registry = holder[REGISTRY]
  if (!holder[RESOLVER_KEY])
    Object.defineProperty(holder, RESOLVER_KEY, {
      configurable: true,
      value: (id: number) => {
        const { file, path, latest } = registry[id] as Forwarded
        const value = resolvePath(latest(file), path)
        if (typeof value !== 'function') throw new TypeError(`${path.join('.')} no longer exists in ${file}`)
        return value
      },
    })
  const ids = new Map<string, number>()
  return (file, path) => {
    const key = JSON.stringify([file, ...path])
    const known = ids.get(key)
    if (known !== undefined) return known
    const id = registry.push({ file, path, latest: latestExports }) - 1
    ids.set(key, id)
    return id
  }
}

/** Follows `path` (`['Counter', 'prototype', 'inc']`) from `root`; undefined where it breaks off. */
export function resolvePath(root: unknown, path: string[]): unknown {
  let value = root
  for (const key of path) value = value == null ? undefined : (value as Record<string, unknown>)[key]
  return value
}
