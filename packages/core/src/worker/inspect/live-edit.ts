import { emptyReport, type FileReport, type PatchReport } from '../../shared/report.js'
import { compileErrorMessage } from '../script-text.js'
import { analyzeModule, classifyEdit, describeError } from '../source-shape.js'
import type { HookCaller } from './hook-call.js'
import type { Post } from './remote.js'

// Saves while the test thread is stopped at its throw, applied from the helper thread: only a live edit of function
// bodies can happen now (re-evaluating a module needs the stopped thread to run). Functions on the stopped stack
// cannot be replaced (BlockedByActiveFunction); anything else is reported as deferred and patched by the engine once
// the test runs on. Never restartFrame or allowTopFrameEditing here: at an exception pause that aborts the process
// (research/liveedit.md §8).

export interface StoppedPatchContext {
  post: Post
  hook: HookCaller
  /** scriptId → url of every script the Debugger reported. */
  scriptUrls: Map<string, string>
  /** The runner's fresh transform of the file, from the main process (the stopped thread cannot ask for it). */
  transform(file: string): Promise<string>
}

interface FunctionLocation {
  scriptId: string
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
      report.error = error instanceof Error ? error.message : String(error)
    }
    report.ms = performance.now() - t0
    reports.push(report)
  }
  return { files: reports, ms: performance.now() - started }
}

async function patchOne(report: FileReport, { post, hook, scriptUrls, transform }: StoppedPatchContext): Promise<void> {
  const { file } = report
  const defer = (why: string) => {
    report.status = 'deferred'
    report.error = why
  }
  if (!(await hook.call('loaded', file))) {
    report.status = 'not-loaded'
    return
  }
  let code: string
  try {
    code = await transform(file)
  } catch (error) {
    return defer(`no fresh transform while stopped (${error instanceof Error ? error.message : String(error)})`)
  }
  const url = await hook.call('scriptUrl', file)
  const candidates = [...scriptUrls].filter(([, u]) => u === url).map(([id]) => id)
  const probes = await probeLocations(post, hook, file)
  const scriptId = [...probes.values()].find((l) => candidates.includes(l.scriptId))?.scriptId ?? candidates.at(-1)
  if (!scriptId) return defer('the running script was not found')
  const { scriptSource } = await post<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId })
  const live = await hook.call('unwrap', scriptSource)
  if (!live) return defer('the running script was not found')
  if (live.code === code) {
    report.status = 'unchanged'
    return
  }
  let edit: ReturnType<typeof classifyEdit>
  try {
    edit = classifyEdit(analyzeModule(live.code), analyzeModule(code))
  } catch (error) {
    report.status = 'error'
    report.error = describeError(error)
    return
  }
  if (edit.kind === 'structural') return defer(`${edit.reason}, so it is re-evaluated`)
  const result = await post<{
    status: string
    exceptionDetails?: { text: string; lineNumber: number; columnNumber: number }
  }>('Debugger.setScriptSource', { scriptId, scriptSource: live.prefix + code + live.suffix })
  if (result.status === 'CompileError' && result.exceptionDetails) {
    report.status = 'error'
    report.error = compileErrorMessage(live, result.exceptionDetails)
    return
  }
  if (result.status === 'BlockedByActiveFunction') return defer('a function of it is on the stopped stack')
  if (result.status !== 'Ok') return defer(`live edit was refused (${result.status})`)
  const after = await probeLocations(post, hook, file)
  const stale = [...after].filter(([, location]) => location.scriptId !== scriptId).map(([name]) => name)
  if (stale.length > 0) return defer(`live edit left ${stale.join(', ')} stale`)
  report.strategy = 'live-edit'
  report.updated.push(...after.keys())
}

/** [[FunctionLocation]] of the file's exported functions, read on the stopped thread. */
async function probeLocations(post: Post, hook: HookCaller, file: string): Promise<Map<string, FunctionLocation>> {
  const locations = new Map<string, FunctionLocation>()
  const probes = await hook.reference('probes', file)
  if (!probes) return locations
  const { result } = await post<{ result: { name: string; value?: { objectId?: string } }[] }>(
    'Runtime.getProperties',
    {
      objectId: probes,
      ownProperties: true,
    },
  )
  for (const { name, value } of result) {
    if (!value?.objectId) continue
    const { internalProperties = [] } = await post<{
      internalProperties?: { name: string; value?: { value?: FunctionLocation } }[]
    }>('Runtime.getProperties', { objectId: value.objectId, ownProperties: true })
    const location = internalProperties.find((p) => p.name === '[[FunctionLocation]]')?.value?.value
    if (location) locations.set(name, location)
  }
  return locations
}
