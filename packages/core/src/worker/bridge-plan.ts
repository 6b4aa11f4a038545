import type { StaleName } from '../shared/report.js'
import type { WrappedSource } from './adapter.js'
import { type BridgeTarget, forwardersFor, type RegisterForwarder, resolvePath } from './bridge-source.js'
import type { DebuggerSession } from './debugger-session.js'
import { probesOf } from './exported-functions.js'
import { isClass, usesPrivateNames } from './exports-patch.js'
import type { RunningScript } from './live-edit.js'
import type { Held, OldScript } from './old-scripts.js'
import { firstFrom, ScriptIndex } from './script-text.js'
import type { ModuleShape } from './source-shape.js'

// Which old functions to bridge is decided before re-evaluation replaces the exports; the bridge itself is set after
// it, once the new functions exist (docs/architecture.md, "V8: the bridge").

/** The old functions of a module instance about to be re-evaluated, and the script they live in. */
export interface BridgePlan {
  scriptId: string
  /** The code running in that script, where the forwarders go. */
  live: WrappedSource
  shape: ModuleShape
  targets: (BridgeTarget & { old: Function })[]
  /** Exported functions made inside the script's functions (a factory's result): they show whether V8 took an edit. */
  closures: Held[]
  /** Set when the module has too many functions to edit its old script: what to tell the person instead. */
  tooBig?: string
}

/**
 * V8's diff of an edited script grows faster than its size (≈0.3 s for 2,000 changed functions, ≈1 s for 4,000, ≈12 s for 20,000) and
 * past a few thousand changes it silently leaves runs of functions old (docs/architecture.md, "V8: costs"): beyond this
 * many functions the old script is left as it is, and said so.
 */
export const MOST_FUNCTIONS_TO_BRIDGE = 4_000

/** Old exported functions and class methods in `scriptId`, mapped to where their new versions will be found. */
export function planBridge(
  dbg: DebuggerSession,
  exports: unknown,
  running: RunningScript,
  scriptId: string,
): BridgePlan {
  const { live, shape } = running
  if (shape.sites.length > MOST_FUNCTIONS_TO_BRIDGE) {
    const size = `${shape.sites.length.toLocaleString('en-US')} functions`
    return { scriptId, live, shape, targets: [], closures: [], tooBig: size }
  }
  const index = new ScriptIndex(live, shape)
  const targets: BridgePlan['targets'] = []
  const closures: BridgePlan['closures'] = []
  const seen = new Set<unknown>()
  const add = (old: Function, path: string[]) => {
    const location = dbg.functionLocation(old)
    if (!location || location.scriptId !== scriptId) return
    const { site, offset } = index.siteAt(location)
    if (isClass(old)) {
      const cls = shape.classes.find((c) => c.start <= offset && offset < c.end)
      if (cls) addMethods(old, path, cls, shape, seen, targets)
    } else if (site && offset >= site.bodyStart) {
      // made by a call of `site` (a factory): no forwarder can reach it, an edit of the bodies in `site` can
      closures.push({ name: path.join('.') || 'module.exports', fn: new WeakRef(old) })
    } else if (site && !seen.has(site)) {
      seen.add(site)
      targets.push({ site, path, old })
    }
  }
  if (typeof exports === 'function') add(exports, [])
  if (exports && (typeof exports === 'object' || typeof exports === 'function'))
    for (const [name, value] of probesOf(exports, false)) if (name !== 'module.exports') add(value, [name])
  return { scriptId, live, shape, targets, closures }
}

function addMethods(
  old: Function,
  path: string[],
  cls: { start: number; end: number },
  shape: ModuleShape,
  seen: Set<unknown>,
  targets: BridgePlan['targets'],
): void {
  for (let i = firstFrom(shape.sites, cls.start); i < shape.sites.length; i++) {
    const method = shape.sites[i]!
    if (method.start >= cls.end) break
    if (method.end > cls.end || !method.member || method.member.kind !== 'method' || seen.has(method)) continue
    seen.add(method)
    const member = (method.member.static ? old : old.prototype)[method.member.key as never] as Function
    if (typeof member === 'function')
      targets.push({
        site: method,
        path: [...path, ...(method.member.static ? [] : ['prototype']), method.member.key],
        old: member,
      })
  }
}

/** The forwarders for a left-behind script: old functions call the new ones; what cannot is named stale. */
export function forwardersOf(
  plan: BridgePlan,
  file: string,
  fresh: unknown,
  old: OldScript,
  register: RegisterForwarder,
): { removed: StaleName[]; skipped: StaleName[] } {
  const removed: StaleName[] = []
  const reachable = plan.targets.filter((t) => {
    const now = resolvePath(fresh, t.path)
    if (typeof now !== 'function')
      removed.push({ name: t.site.name, reason: 'was removed; references captured before this edit keep old code' })
    // forwarding to a method that touches #private fields would throw on old instances (patchExports reports it)
    return typeof now === 'function' && now !== t.old && !usesPrivateNames(now)
  })
  const { inserts, bridged, skipped } = forwardersFor(file, reachable, register)
  old.forwarders = inserts
  const names = new Set(bridged.map((site) => site.name))
  old.forwarded = names
  old.bridged = reachable
    .filter((t) => names.has(t.site.name))
    .map((t) => ({ name: t.site.name, fn: new WeakRef(t.old) }))
  return { removed, skipped }
}
