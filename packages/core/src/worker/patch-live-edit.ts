import type { RunnerAdapter } from './adapter.js'
import { type BridgePlan, planBridge } from './bridge-plan.js'
import type { DebuggerSession, ParsedScript } from './debugger-session.js'
import { probesOf } from './exported-functions.js'
import { liveEdit } from './live-edit.js'
import { reportLiveEdit } from './live-edit-report.js'
import type { PreparedModule } from './patch-prepare.js'
import type { ModuleShape } from './source-shape.js'

/** A module instance after the live-edit phase. */
export interface LiveEdited extends PreparedModule {
  /** Why re-evaluation is needed; unset when live edit was enough or nothing is to be done. */
  fallback?: string
  /** The old functions to bridge once the module is re-evaluated. */
  bridge?: BridgePlan
}

export interface LiveEditContext {
  adapter: RunnerAdapter
  urlOf(file: string): string
  /** The code last applied per file and its shape: the next patch finds it running and need not parse it again. */
  applied: Map<string, { code: string; shape: ModuleShape }>
}

/** The second phase of a patch, with the Debugger enabled: live edit where that is safe and verified to work. */
export async function liveEditAll(
  dbg: DebuggerSession,
  prepared: PreparedModule[],
  scripts: ParsedScript[],
  context: LiveEditContext,
): Promise<LiveEdited[]> {
  const edited: LiveEdited[] = []
  for (const p of prepared) {
    const url = context.urlOf(p.module.file)
    const candidates = scripts.filter((s) => s.url === url).map((s) => s.scriptId)
    edited.push(await liveEditModule(dbg, p, candidates, context))
  }
  return edited
}

async function liveEditModule(
  dbg: DebuggerSession,
  prepared: PreparedModule,
  candidates: string[],
  { adapter, applied }: LiveEditContext,
): Promise<LiveEdited> {
  const { module, report, code, shape } = prepared
  const result = await liveEdit(dbg, {
    candidates,
    probes: dbg.probes(probesOf(module.exports)),
    unwrap: (source) => adapter.unwrap(source),
    code,
    shape,
    known: applied.get(module.file),
  })
  switch (result.kind) {
    case 'same':
      return prepared
    case 'not-found':
      return { ...prepared, fallback: result.reason }
    case 'unparsable':
      return { ...prepared, fallback: 'the running code could not be parsed' }
    case 'compile-error':
      report.status = 'error'
      report.error = result.message
      return prepared
    case 'applied':
      report.strategy = 'live-edit'
      reportLiveEdit(report, result.running.live.code, code)
      return prepared
    default:
      return {
        ...prepared,
        fallback: result.reason,
        bridge: planBridge(dbg, module.exports, result.running, result.oldScriptId),
      }
  }
}
