import { errorMessage } from '../../shared/messages.js'
import { emptyReport, type FileReport, type PatchReport } from '../../shared/report.js'
import type { HookCaller } from './hook-call.js'

// Saves while the test thread is stopped at its throw, applied on that thread by the engine through the hook: plain
// synchronous code may run on a stopped thread (Runtime.callFunctionOn), waiting may not. So the helper fetches the
// runner's code (the stopped thread cannot ask the main process) and the engine applies what needs no waiting; a save
// whose top level must run again is reported deferred and patched by the engine once the test runs on
// (docs/architecture.md, "V8: stopping a thread from a helper").

export interface StoppedPatchContext {
  hook: HookCaller
  /** The runner's fresh transform of the file, from the main process. */
  transform(file: string): Promise<string>
  /** `file` now runs the code of `code` (so the runner's stack maps follow it once the thread runs again). */
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
    const report = await patchOne(file, context).catch(
      (error: unknown): FileReport => ({ ...emptyReport(file), status: 'deferred', error: errorMessage(error) }),
    )
    report.ms = performance.now() - t0
    reports.push(report)
  }
  return { files: reports, ms: performance.now() - started }
}

async function patchOne(file: string, { hook, transform, edited }: StoppedPatchContext): Promise<FileReport> {
  if (!(await hook.call('loaded', file))) return { ...emptyReport(file), status: 'not-loaded' }
  let code: string
  try {
    code = await transform(file)
  } catch (error) {
    return {
      ...emptyReport(file),
      status: 'deferred',
      error: `no fresh transform while stopped (${errorMessage(error)})`,
    }
  }
  const report = await hook.call('patch', file, code)
  if (report.status === 'patched') edited(file, code)
  return report
}
