import type { FileReport, StaleName } from '../shared/report.js'
import type { WrappedSource } from './adapter.js'
import { type BridgeTarget, bridgeSource, resolvePath } from './bridge-source.js'
import type { DebuggerSession } from './debugger-session.js'
import { probesOf } from './exported-functions.js'
import { isClass, usesPrivateNames } from './exports-patch.js'
import { type RunningScript, setSource } from './live-edit.js'
import { siteAt } from './script-text.js'
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
}

/** A planned bridge to the module's fresh exports. */
export interface BridgeJob {
  plan: BridgePlan
  file: string
  fresh: unknown
  report: FileReport
}

/** Old exported functions and class methods in `scriptId`, mapped to where their new versions will be found. */
export function planBridge(
  dbg: DebuggerSession,
  exports: unknown,
  running: RunningScript,
  scriptId: string,
): BridgePlan {
  const { live, shape } = running
  const targets: BridgePlan['targets'] = []
  const seen = new Set<unknown>()
  const add = (old: Function, path: string[]) => {
    const location = dbg.functionLocation(old)
    if (!location || location.scriptId !== scriptId) return
    const { site, offset } = siteAt(live, shape, location)
    if (isClass(old)) {
      const cls = shape.classes.find((c) => c.start <= offset && offset < c.end)
      for (const method of shape.sites) {
        if (!cls || method.start < cls.start || method.end > cls.end || !method.member) continue
        if (method.member.kind !== 'method' || seen.has(method)) continue
        seen.add(method)
        const member = (method.member.static ? old : old.prototype)[method.member.key as never] as Function
        if (typeof member === 'function')
          targets.push({
            site: method,
            path: [...path, ...(method.member.static ? [] : ['prototype']), method.member.key],
            old: member,
          })
      }
    } else if (site && !seen.has(site)) {
      seen.add(site)
      targets.push({ site, path, old })
    }
  }
  if (typeof exports === 'function') add(exports, [])
  if (exports && (typeof exports === 'object' || typeof exports === 'function'))
    for (const [name, value] of probesOf(exports, false)) if (name !== 'module.exports') add(value, [name])
  return { scriptId, live, shape, targets }
}

/** The last phase of a patch: old functions forward to the new ones; what cannot is named stale. */
export async function bridgeAll(dbg: DebuggerSession, jobs: BridgeJob[]): Promise<void> {
  for (const { plan, file, fresh, report } of jobs) {
    const stale: StaleName[] = []
    const reachable = plan.targets.filter((t) => {
      const now = resolvePath(fresh, t.path)
      if (typeof now !== 'function')
        stale.push({ name: t.site.name, reason: 'was removed; references captured before this edit keep old code' })
      // forwarding to a method that touches #private fields would throw on old instances (patchExports reports it)
      return typeof now === 'function' && now !== t.old && !usesPrivateNames(now)
    })
    const { code, bridged, skipped } = bridgeSource(plan.live.code, file, reachable)
    stale.push(...skipped)
    const result =
      bridged.length > 0 ? await setSource(dbg, plan.scriptId, plan.live.prefix + code + plan.live.suffix) : undefined
    for (const target of reachable) {
      if (!bridged.includes(target.site)) continue
      const ok = result?.status === 'Ok' && dbg.functionLocation(target.old)?.scriptId === plan.scriptId
      if (!ok) stale.push({ name: target.site.name, reason: 'references captured before this edit keep old code' })
    }
    const handled = new Set(plan.targets.map((t) => t.site))
    for (const site of plan.shape.sites) {
      if (handled.has(site) || site.constructor || site.name === '<anonymous>' || site.member?.kind === 'get') continue
      if (site.member?.kind === 'set') continue
      stale.push({ name: site.name, reason: 'is not exported; references to it taken before this edit keep old code' })
    }
    for (const entry of stale) if (!report.stale.some((s) => s.name === entry.name)) report.stale.push(entry)
  }
}
