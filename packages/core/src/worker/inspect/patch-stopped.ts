import { describeSaveError } from '../../analysis/save-error.js'
import { errorMessage } from '../../shared/messages.js'
import { emptyReport, type FileReport, type PatchReport } from '../../shared/report.js'
import { type FunctionLocation, type LiveDebugger, liveEdit, type Probe } from '../live-edit.js'
import { reportLiveEdit } from '../live-edit-report.js'
import { analyzeModule, type ModuleShape } from '../source-shape.js'
import type { HookCaller } from './hook-call.js'
import type { Post } from './remote.js'

// Saves while the test thread is stopped at its throw, applied from the helper thread: only a live edit of function
// bodies can happen now (re-evaluating a module needs the stopped thread to run). Functions on the stopped stack
// cannot be replaced (BlockedByActiveFunction); anything else is reported as deferred and patched by the engine once
// the test runs on. Never restartFrame or allowTopFrameEditing here: at an exception pause that aborts the process
// (docs/architecture.md, "V8: stopping a thread from a helper").

export interface StoppedPatchContext {
  post: Post
  hook: HookCaller
  /** scriptId → url of every script the Debugger reported. */
  scriptUrls: Map<string, string>
  /** The runner's fresh transform of the file, from the main process (the stopped thread cannot ask for it). */
  transform(file: string): Promise<string>
  /** `file`'s running script now holds `code` (V8 took the edit, even if it left some functions stale). */
  edited(file: string, code: string): void
}

export async function patchWhileStopped(
  changed: string[],
  deleted: string[],
  context: StoppedPatchContext,
): Promise<PatchReport> {
  const started = performance.now()
  const reports: FileReport[] = []
  for (const file of new Set(deleted))
    reports.push({ ...emptyReport(file), status: 'deferred', error: 'the file was deleted' })
  for (const file of new Set(changed)) {
    const t0 = performance.now()
    const report = emptyReport(file)
    try {
      await patchOne(report, context)
    } catch (error) {
      report.status = 'deferred'
      report.error = errorMessage(error)
    }
    report.ms = performance.now() - t0
    reports.push(report)
  }
  return { files: reports, ms: performance.now() - started }
}

async function patchOne(report: FileReport, context: StoppedPatchContext): Promise<void> {
  const { post, hook, scriptUrls, transform } = context
  const { file } = report
  const defer = (why: string) => {
    report.status = 'deferred'
    report.error = why
  }
  const fail = (error: string) => {
    report.status = 'error'
    report.error = error
  }
  if (!(await hook.call('loaded', file))) {
    report.status = 'not-loaded'
    return
  }
  let code: string
  let shape: ModuleShape
  try {
    code = await transform(file)
  } catch (error) {
    return defer(`no fresh transform while stopped (${errorMessage(error)})`)
  }
  try {
    shape = analyzeModule(code)
  } catch (error) {
    return fail(describeSaveError(error))
  }
  const url = await hook.call('scriptUrl', file)
  const result = await liveEdit(stoppedDebugger(post), {
    candidates: [...scriptUrls].filter(([, u]) => u === url).map(([id]) => id),
    probes: await stoppedProbes(post, hook, file),
    unwrap: (source) => hook.call('unwrap', source),
    code,
    shape,
  })
  if (result.kind === 'applied' || result.kind === 'stale') context.edited(file, code)
  switch (result.kind) {
    case 'same':
      report.status = 'unchanged'
      return
    case 'unparsable':
      return fail(describeSaveError(result.error))
    case 'compile-error':
      return fail(result.message)
    case 'applied':
      report.strategy = 'live-edit'
      reportLiveEdit(report, result.running.live.code, code)
      return
    case 'structural':
      return defer(`${result.reason}, so it is re-evaluated`)
    case 'refused':
      return defer(
        result.status === 'BlockedByActiveFunction' ? 'a function of it is on the stopped stack' : result.reason,
      )
    default:
      return defer(result.reason)
  }
}

/** The stopped thread's Debugger, through the helper's session. */
function stoppedDebugger(post: Post): LiveDebugger {
  return {
    scriptSource: async (scriptId) =>
      (await post<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId })).scriptSource,
    setScriptSource: (scriptId, scriptSource) => post('Debugger.setScriptSource', { scriptId, scriptSource }),
    collectGarbage: () => post('HeapProfiler.collectGarbage'),
  }
}

/** The file's exported functions, held on the stopped thread by the hook and located from here. */
async function stoppedProbes(post: Post, hook: HookCaller, file: string): Promise<Probe[]> {
  const probes = await hook.reference('probes', file)
  if (!probes) return []
  const { result } = await post<{ result: { name: string; value?: { type: string; objectId?: string } }[] }>(
    'Runtime.getProperties',
    { objectId: probes, ownProperties: true },
  )
  return result.flatMap(({ name, value }) => {
    const objectId = value?.type === 'function' ? value.objectId : undefined
    return objectId ? [{ name, location: () => locationOf(post, objectId) }] : []
  })
}

async function locationOf(post: Post, objectId: string): Promise<FunctionLocation | undefined> {
  const { internalProperties = [] } = await post<{
    internalProperties?: { name: string; value?: { value?: FunctionLocation } }[]
  }>('Runtime.getProperties', { objectId, ownProperties: true })
  return internalProperties.find((p) => p.name === '[[FunctionLocation]]')?.value?.value
}
