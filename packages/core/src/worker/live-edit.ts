import type { WrappedSource } from './adapter.js'
import { compileErrorMessage } from './script-text.js'
import { analyzeModule, classifyEdit, type ModuleShape } from './source-shape.js'

// One live edit of one module instance, the same whether the engine runs it on the test thread or the inspect helper
// runs it while that thread is stopped: find the running script, edit it when the code says that is safe, and verify
// that V8 really applied it (docs/architecture.md, "V8: silent Ok"). What an outcome means is the caller's business.

export interface FunctionLocation {
  scriptId: string
  lineNumber: number
  columnNumber: number
}

export type SetSourceStatus =
  | 'Ok'
  | 'CompileError'
  | 'BlockedByActiveGenerator'
  | 'BlockedByActiveFunction'
  | 'BlockedByTopLevelEsModuleChange'

export interface SetSourceResult {
  status: SetSourceStatus
  exceptionDetails?: { text: string; lineNumber: number; columnNumber: number }
}

/** The Debugger domain as a live edit needs it: in-thread (debugger-session.ts) or from the helper thread. */
export interface LiveDebugger {
  scriptSource(scriptId: string): Promise<string>
  setScriptSource(scriptId: string, source: string): Promise<SetSourceResult>
  collectGarbage(): Promise<void>
}

/** An exported function or class member as it was before the edit: where to look, and what to verify. */
export interface Probe {
  name: string
  /** Where V8 says its code lives now; a function left stale by an edit still points into the old script. */
  location(): Promise<FunctionLocation | undefined>
}

export interface LiveEditRequest {
  /** Scripts compiled from the module's url, oldest first. */
  candidates: string[]
  probes: Probe[]
  unwrap(scriptSource: string): WrappedSource | null | Promise<WrappedSource | null>
  /** The new module code and its shape. */
  code: string
  shape: ModuleShape
  /** Code whose shape is already known (the last applied), to spare parsing the running code again. */
  known?: { code: string; shape: ModuleShape }
}

/** The script a module instance runs from. */
export interface RunningScript {
  scriptId: string
  live: WrappedSource
  shape: ModuleShape
}

export type LiveEditResult =
  | { kind: 'not-found'; reason: string }
  | { kind: 'same' }
  | { kind: 'unparsable'; error: unknown }
  | { kind: 'compile-error'; message: string }
  | { kind: 'applied'; updated: string[]; running: RunningScript }
  | {
      kind: 'structural' | 'refused' | 'stale'
      reason: string
      status?: SetSourceStatus
      running: RunningScript
      /** The script the old functions live in now: the running one, or the old copy V8 left the stale ones on. */
      oldScriptId: string
    }

export async function liveEdit(dbg: LiveDebugger, request: LiveEditRequest): Promise<LiveEditResult> {
  const { candidates, probes, code, known } = request
  const scriptId = await runningScriptOf(probes, candidates)
  const live = scriptId === undefined ? null : await request.unwrap(await dbg.scriptSource(scriptId))
  if (scriptId === undefined || !live) return { kind: 'not-found', reason: 'the running script was not found' }
  if (live.code === code) return { kind: 'same' }
  let shape: ModuleShape
  try {
    shape = known?.code === live.code ? known.shape : analyzeModule(live.code)
  } catch (error) {
    return { kind: 'unparsable', error }
  }
  const running = { scriptId, live, shape }
  const edit = classifyEdit(shape, request.shape)
  if (edit.kind === 'structural') return { kind: 'structural', reason: edit.reason, running, oldScriptId: scriptId }
  const result = await setSource(dbg, scriptId, live.prefix + code + live.suffix)
  if (result.status === 'CompileError' && result.exceptionDetails)
    return { kind: 'compile-error', message: compileErrorMessage(live, result.exceptionDetails) }
  if (result.status !== 'Ok') {
    const reason = `live edit was refused (${result.status})`
    return { kind: 'refused', reason, status: result.status, running, oldScriptId: scriptId }
  }
  const stale: { name: string; at?: string }[] = []
  for (const probe of probes) {
    const at = (await probe.location())?.scriptId
    if (at !== scriptId) stale.push({ name: probe.name, at })
  }
  if (stale.length === 0) return { kind: 'applied', updated: probes.map((p) => p.name), running }
  // V8 answered Ok but left these on the old script, which now has an id of its own
  const reason = `live edit left ${stale.map((s) => s.name).join(', ')} stale`
  return { kind: 'stale', reason, running, oldScriptId: stale[0]!.at ?? scriptId }
}

/** Where the module's exported functions live, else the newest script with its url. */
async function runningScriptOf(probes: Probe[], candidates: string[]): Promise<string | undefined> {
  for (const probe of probes) {
    const id = (await probe.location())?.scriptId
    if (id && candidates.includes(id)) return id
  }
  return candidates.at(-1)
}

export async function setSource(dbg: LiveDebugger, scriptId: string, source: string): Promise<SetSourceResult> {
  const result = await dbg.setScriptSource(scriptId, source)
  if (result.status !== 'BlockedByActiveGenerator') return result
  // completed async calls whose promises are still reachable count as active until a full GC (docs/architecture.md,
  // "V8: blockers")
  await dbg.collectGarbage()
  return dbg.setScriptSource(scriptId, source)
}
