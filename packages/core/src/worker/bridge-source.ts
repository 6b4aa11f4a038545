import type { StaleName } from '../shared/report.js'
import type { FunctionSite } from './source-shape.js'

// After a re-evaluation, references captured before it (`const f = mod.f`, registered callbacks, bound methods)
// still point at the OLD function objects. We live-edit the OLD script so each of its top-level functions first
// forwards to its counterpart in the module's latest exports. Text is only inserted at the start of each body:
// V8 then treats the function as changed rather than damaged, and since the old body stays in place (unreachable)
// every top-level binding stays captured as before (docs/architecture.md, "V8: how functions are matched").

const BRIDGE = Symbol.for('mighty-patcher.bridge')

/** A function in the old code and where its new version is found, from the file's latest exports. */
export interface BridgeTarget {
  site: FunctionSite
  path: string[]
}

export interface BridgedSource {
  code: string
  bridged: FunctionSite[]
  skipped: StaleName[]
}

export function bridgeSource(code: string, file: string, targets: BridgeTarget[]): BridgedSource {
  const inserts: { at: number; text: string }[] = []
  const bridged: FunctionSite[] = []
  const skipped: StaleName[] = []
  for (const { site, path } of targets) {
    const lookup = `globalThis[Symbol.for(${JSON.stringify(BRIDGE.description)})](${JSON.stringify(file)},${JSON.stringify(path)})`
    const insert = forwarder(site, lookup)
    if (typeof insert === 'string') {
      skipped.push({ name: site.name, reason: insert })
      continue
    }
    inserts.push(insert)
    bridged.push(site)
  }
  let out = code
  for (const { at, text } of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, at) + text + out.slice(at)
  return { code: out, bridged, skipped }
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
  if (site.concise) return { at: site.bodyStart, text: `1 ? ${call} : ` } // keeps the arrow's last token intact
  return { at: site.bodyStart + 1, text: ` return ${site.generator ? 'yield* ' : ''}${call};` }
}

/** @internal the resolver the inserted forwarders call, installed once per realm */
export function installBridge(realm: object, latestExports: (file: string) => unknown): void {
  const holder = realm as { [BRIDGE]?: (file: string, path: string[]) => Function }
  holder[BRIDGE] = (file, path) => {
    const value = resolvePath(latestExports(file), path)
    if (typeof value !== 'function') throw new TypeError(`${path.join('.')} no longer exists in ${file}`)
    return value
  }
}

/** Follows `path` (`['Counter', 'prototype', 'inc']`) from `root`; undefined where it breaks off. */
export function resolvePath(root: unknown, path: string[]): unknown {
  let value = root
  for (const key of path) value = value == null ? undefined : (value as Record<string, unknown>)[key]
  return value
}
