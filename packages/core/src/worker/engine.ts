import { pathToFileURL } from 'node:url'
import { emptyReport, type FileReport, type PatchReport } from '../shared/report.js'
import type { RunnerAdapter } from './adapter.js'
import { installBridge } from './bridge-source.js'
import { DebuggerSession } from './debugger-session.js'
import { liveEditAll } from './patch-live-edit.js'
import { followOldScripts, type ScriptHistory } from './patch-old-scripts.js'
import { type PreparedModule, prepareFile } from './patch-prepare.js'
import { reevaluateAll } from './patch-reevaluate.js'
import { type PhaseClock, startPhaseClock } from './phase-clock.js'
import type { ModuleShape } from './source-shape.js'

// The strategy: live-edit function bodies in place when the code says that is safe, verify that V8 really applied
// it, and otherwise re-evaluate through the runner, update the old exports in place and bridge the old functions to
// the new ones (docs/architecture.md, "V8: the bridge"). The Debugger is enabled only while a phase needs it
// (docs/architecture.md, "Debugger only while patching").

export interface PatchEngine {
  /** Brings every loaded instance of `changed` (absolute paths) to the code on disk, in one batch; reports `deleted`. */
  patch(changed: string[], deleted?: string[]): Promise<PatchReport>
  dispose(): void
}

export function createPatchEngine(adapter: RunnerAdapter): PatchEngine {
  let session: DebuggerSession | undefined
  const latest = new Map<string, unknown>()
  const applied = new Map<string, { code: string; shape: ModuleShape }>()
  const history: ScriptHistory = new Map()
  const urlOf = (file: string) => adapter.scriptUrl?.(file) ?? pathToFileURL(file).href
  const register = installBridge(adapter.realm, (file) => latest.get(file) ?? adapter.modulesOf(file)[0]?.exports)

  async function patch(changed: string[], deleted: string[] = []): Promise<PatchReport> {
    const started = performance.now()
    const clock = startPhaseClock()
    const reports: FileReport[] = []
    const prepared: PreparedModule[] = []
    for (const file of new Set(deleted)) {
      const loaded = adapter.modulesOf(file).length > 0
      reports.push({ ...emptyReport(file), status: loaded ? 'deleted' : 'not-loaded' })
    }
    for (const file of new Set(changed)) {
      const report = emptyReport(file)
      reports.push(report)
      const t0 = performance.now()
      prepared.push(...(await clock.plain('transform', () => prepareFile(adapter, report))))
      report.ms = performance.now() - t0
    }
    if (prepared.length > 0) await patchModules(prepared, clock)
    for (const p of prepared) {
      if (!p.report.strategy || p.report.status !== 'patched' || applied.get(p.module.file)?.code === p.code) continue
      applied.set(p.module.file, { code: p.code, shape: p.shape })
      adapter.applied?.(p.module.file, p.code)
    }
    for (const report of reports) if (report.status === 'patched' && !report.strategy) report.status = 'unchanged'
    return { files: reports, ms: performance.now() - started, phases: clock.times }
  }

  async function patchModules(prepared: PreparedModule[], clock: PhaseClock): Promise<void> {
    session ??= new DebuggerSession()
    const dbg = session
    const urls = new Set(prepared.map((p) => urlOf(p.module.file)))
    const reports = new Set(prepared.map((p) => p.report))
    const context = { adapter, urlOf, applied }
    const edited = await timed(reports, () =>
      clock.inspector(dbg, 'liveEdit', () =>
        dbg.withDebugger(urls, (scripts) => liveEditAll(dbg, prepared, scripts, context)),
      ),
    )
    const reevaluated = await timed(reports, () =>
      clock.plain('reevaluate', () => reevaluateAll(adapter, edited, latest)),
    )
    const fresh = new Map(reevaluated.map((r) => [r.edited, r.fresh]))
    const patched = edited.filter((e) => e.report.strategy && e.report.status === 'patched')
    if (patched.some((e) => fresh.has(e) || history.has(e.module.file)))
      await timed(reports, () =>
        clock.inspector(dbg, 'bridge', () =>
          dbg.withDebugger(urls, () => followOldScripts(dbg, patched, fresh, history, register)),
        ),
      )
  }

  return {
    patch,
    dispose() {
      session?.dispose()
      session = undefined
    },
  }
}

/** Runs one phase and shares its time among the files' reports. */
async function timed<T>(reports: Set<FileReport>, phase: () => Promise<T>): Promise<T> {
  const t0 = performance.now()
  const result = await phase()
  const share = (performance.now() - t0) / Math.max(1, reports.size)
  for (const report of reports) report.ms += share
  return result
}
