import { pathToFileURL } from 'node:url'
import { emptyReport, type FileReport, type PatchReport, type StaleName } from '../shared/report.js'
import { realmState } from '../state.js'
import type { LoadedModule, RunnerAdapter, WrappedSource } from './adapter.js'
import { type BridgeTarget, bridgeSource, installBridge, resolvePath } from './bridge.js'
import { DebuggerSession, type SetSourceResult } from './debugger-session.js'
import { isClass, patchExports, usesPrivateNames } from './exports-patch.js'
import { compileErrorMessage, siteAt } from './script-text.js'
import { analyzeModule, classifyEdit, describeError, type ModuleShape } from './source-shape.js'

// The strategy (research/liveedit.md §10): live-edit function bodies in place when the code says that is safe, verify
// that V8 really applied it, and otherwise re-evaluate through the runner, update the old exports in place and bridge
// the old functions to the new ones. Each cycle enables the Debugger only while it runs (design rule 6).

export interface PatchEngine {
  /** Brings every loaded instance of `changed` (absolute paths) to the code on disk, in one batch; reports `deleted`. */
  patch(changed: string[], deleted?: string[]): Promise<PatchReport>
  dispose(): void
}

/** One loaded module instance on its way through a patch cycle. */
interface Work {
  module: LoadedModule
  report: FileReport
  code: string
  shape: ModuleShape
  scriptId?: string
  live?: WrappedSource
  liveShape?: ModuleShape
  /** Why re-evaluation is needed; unset when live edit was enough or nothing is to be done. */
  reevaluate?: string
  /** The script holding the old functions, to be bridged after re-evaluation. */
  bridgeScriptId?: string
  bridgeTargets?: (BridgeTarget & { old: Function })[]
  fresh?: unknown
  /** Exported functions and class methods as they were before this patch: where to look, and what to verify. */
  probes?: Map<string, Function>
}

export function createPatchEngine(adapter: RunnerAdapter): PatchEngine {
  let session: DebuggerSession | undefined
  const latest = new Map<string, unknown>()
  // the shape of the code last applied per file: the next patch finds it running and need not parse it again
  const applied = new Map<string, { code: string; shape: ModuleShape }>()
  const urlOf = (file: string) => adapter.scriptUrl?.(file) ?? pathToFileURL(file).href
  installBridge(adapter.realm, (file) => latest.get(file) ?? adapter.modulesOf(file)[0]?.exports)

  async function patch(changed: string[], deleted: string[] = []): Promise<PatchReport> {
    const started = performance.now()
    const reports: FileReport[] = []
    const work: Work[] = []
    for (const file of new Set(deleted)) {
      const loaded = adapter.modulesOf(file).length > 0
      reports.push({ ...emptyReport(file), status: loaded ? 'deleted' : 'not-loaded' })
    }
    for (const file of new Set(changed)) {
      const report = emptyReport(file)
      reports.push(report)
      const t0 = performance.now()
      work.push(...(await prepare(report)))
      report.ms = performance.now() - t0
    }
    if (work.length > 0) {
      session ??= new DebuggerSession()
      const urls = new Set(work.map((w) => urlOf(w.module.file)))
      await timed(work, () => session!.withDebugger(urls, async (scripts) => liveEditAll(session!, work, scripts)))
      await timed(work, () => reevaluateAll(work))
      if (work.some((w) => w.bridgeTargets?.length && w.fresh !== undefined))
        await timed(work, () => session!.withDebugger(urls, async () => bridgeAll(session!, work)))
    }
    for (const w of work)
      if (w.report.strategy && w.report.status === 'patched')
        applied.set(w.module.file, { code: w.code, shape: w.shape })
    for (const report of reports) if (report.status === 'patched' && !report.strategy) report.status = 'unchanged'
    return { files: reports, ms: performance.now() - started }
  }

  async function prepare(report: FileReport): Promise<Work[]> {
    const modules = adapter.modulesOf(report.file)
    if (modules.length === 0) {
      report.status = 'not-loaded'
      return []
    }
    try {
      const code = await adapter.transform(report.file)
      const shape = analyzeModule(code)
      return modules.map((module) => ({ module, report, code, shape }))
    } catch (error) {
      report.status = 'error'
      report.error = describeError(error)
      return []
    }
  }

  async function liveEditAll(dbg: DebuggerSession, work: Work[], scripts: { scriptId: string; url: string }[]) {
    for (const w of work) {
      const candidates = scripts.filter((s) => s.url === urlOf(w.module.file)).map((s) => s.scriptId)
      w.probes = probesOf(w.module.exports)
      w.scriptId = liveScriptOf(dbg, w.probes, candidates)
      const source = w.scriptId === undefined ? undefined : dbg.scriptSource(w.scriptId)
      w.live = source === undefined ? undefined : (adapter.unwrap(source) ?? undefined)
      if (!w.live) {
        w.reevaluate = 'the running script was not found'
        continue
      }
      if (w.live.code === w.code) continue
      try {
        const known = applied.get(w.module.file)
        w.liveShape = known?.code === w.live.code ? known.shape : analyzeModule(w.live.code)
      } catch {
        w.reevaluate = 'the running code could not be parsed'
        continue
      }
      const edit = classifyEdit(w.liveShape, w.shape)
      if (edit.kind === 'structural') w.reevaluate = edit.reason
      else await liveEdit(dbg, w)
      if (w.reevaluate) w.bridgeTargets = bridgeTargetsOf(dbg, w)
    }
  }

  async function liveEdit(dbg: DebuggerSession, w: Work): Promise<void> {
    const scriptId = w.scriptId!
    const live = w.live!
    const probes = w.probes ?? new Map<string, Function>()
    const result = await setSource(dbg, scriptId, live.prefix + w.code + live.suffix)
    if (result.status === 'CompileError') {
      w.report.status = 'error'
      w.report.error = compileErrorMessage(live, result.exceptionDetails!)
      return
    }
    if (result.status !== 'Ok') {
      w.reevaluate = `live edit was refused (${result.status})`
      w.bridgeScriptId = scriptId
      return
    }
    const stale = [...probes].filter(([, fn]) => dbg.functionLocation(fn)?.scriptId !== scriptId)
    if (stale.length > 0) {
      // V8 answered Ok but left these on the old script, which now has its own id (research/liveedit.md §6)
      w.reevaluate = `live edit left ${stale.map(([name]) => name).join(', ')} stale`
      w.bridgeScriptId = dbg.functionLocation(stale[0]![1])?.scriptId
      return
    }
    w.report.strategy = 'live-edit'
    w.report.updated.push(...[...probes.keys()].filter((name) => !w.report.updated.includes(name)))
  }

  /** Old exported functions and class methods, mapped to where their new versions will be found. */
  function bridgeTargetsOf(dbg: DebuggerSession, w: Work): (BridgeTarget & { old: Function })[] {
    const targets: (BridgeTarget & { old: Function })[] = []
    w.bridgeScriptId ??= w.scriptId
    const shape = w.liveShape
    if (!shape || !w.live) return targets
    const seen = new Set<unknown>()
    const add = (old: Function, path: string[]) => {
      const location = dbg.functionLocation(old)
      if (!location || location.scriptId !== w.bridgeScriptId) return
      const { site, offset } = siteAt(w.live!, shape, location)
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
    const exports = w.module.exports
    if (typeof exports === 'function') add(exports, [])
    if (exports && (typeof exports === 'object' || typeof exports === 'function'))
      for (const [name, value] of probesOf(exports, false)) if (name !== 'module.exports') add(value, [name])
    return targets
  }

  async function reevaluateAll(work: Work[]): Promise<void> {
    for (const w of work) {
      if (!w.reevaluate || w.report.status === 'error') continue
      const state = realmState(adapter.realm)
      const file = w.module.file
      const disposers = state.disposers.get(file) ?? []
      state.disposers.delete(file)
      state.reloading.add(file)
      try {
        for (const dispose of disposers) await dispose()
        w.fresh = await adapter.reevaluate(w.module)
      } catch (error) {
        w.report.status = 'error'
        w.report.error = `re-evaluation failed: ${(error as Error).message}`
        continue
      } finally {
        state.reloading.delete(file)
      }
      latest.set(file, w.fresh)
      const patch = patchExports(w.module.exports, w.fresh)
      const { report } = w
      report.strategy = 're-evaluate'
      report.fallbackReason = w.reevaluate
      report.updated.push(...patch.updated)
      report.added.push(...patch.added)
      report.removed.push(...patch.removed)
      report.stale.push(...patch.stale)
    }
  }

  async function bridgeAll(dbg: DebuggerSession, work: Work[]): Promise<void> {
    for (const w of work) {
      if (w.fresh === undefined || !w.live || !w.liveShape || w.bridgeScriptId === undefined) continue
      const stale: StaleName[] = []
      const reachable = (w.bridgeTargets ?? []).filter((t) => {
        const now = resolvePath(w.fresh, t.path)
        if (typeof now !== 'function')
          stale.push({ name: t.site.name, reason: 'was removed; references captured before this edit keep old code' })
        // forwarding to a method that touches #private fields would throw on old instances (patchExports reports it)
        return typeof now === 'function' && now !== t.old && !usesPrivateNames(now)
      })
      const { code, bridged, skipped } = bridgeSource(w.live.code, w.module.file, reachable)
      stale.push(...skipped)
      const result =
        bridged.length > 0 ? await setSource(dbg, w.bridgeScriptId, w.live.prefix + code + w.live.suffix) : undefined
      for (const target of reachable) {
        if (!bridged.includes(target.site)) continue
        const ok = result?.status === 'Ok' && dbg.functionLocation(target.old)?.scriptId === w.bridgeScriptId
        if (!ok) stale.push({ name: target.site.name, reason: 'references captured before this edit keep old code' })
      }
      const handled = new Set([...reachable.map((t) => t.site), ...(w.bridgeTargets ?? []).map((t) => t.site)])
      for (const site of w.liveShape.sites) {
        if (handled.has(site) || site.constructor || site.name === '<anonymous>' || site.member?.kind === 'get')
          continue
        if (site.member?.kind === 'set') continue
        stale.push({
          name: site.name,
          reason: 'is not exported; references to it taken before this edit keep old code',
        })
      }
      for (const entry of stale) if (!w.report.stale.some((s) => s.name === entry.name)) w.report.stale.push(entry)
    }
  }

  return {
    patch,
    dispose() {
      session?.dispose()
      session = undefined
    },
  }
}

/** The script a module instance runs from: where its exported functions live, else the newest with its url. */
function liveScriptOf(dbg: DebuggerSession, probes: Map<string, Function>, candidates: string[]): string | undefined {
  for (const fn of probes.values()) {
    const id = dbg.functionLocation(fn)?.scriptId
    if (id && candidates.includes(id)) return id
  }
  return candidates.at(-1)
}

async function setSource(dbg: DebuggerSession, scriptId: string, source: string): Promise<SetSourceResult> {
  const result = dbg.setScriptSource(scriptId, source)
  if (result.status !== 'BlockedByActiveGenerator') return result
  // completed async calls whose promises are still reachable count as active until a full GC (liveedit.md §4)
  await dbg.collectGarbage()
  return dbg.setScriptSource(scriptId, source)
}

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

async function timed(work: Work[], step: () => Promise<void>): Promise<void> {
  const t0 = performance.now()
  await step()
  const share = (performance.now() - t0) / Math.max(1, new Set(work.map((w) => w.report)).size)
  for (const report of new Set(work.map((w) => w.report))) report.ms += share
}
