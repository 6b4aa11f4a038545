import { errorMessage } from '../../shared/messages.js'
import type { PatchProgress } from '../../shared/report.js'
import type { WorkerPeer } from '../channel/peer.js'
import { type FormatContext, formatPatchReport, formatPhaseTimes, relativePath } from '../print/format.js'
import { awaitCancellable, type WatchCtrlC } from '../terminal/cancellable.js'
import type { PendingSaves } from './pending-saves.js'
import type { Target } from './targets.js'

export interface PatcherOptions {
  pending: PendingSaves
  beforePatch: ((files: string[]) => void | Promise<void>) | undefined
  print(lines: string | string[]): void
  context: FormatContext
  /** Ctrl-C while a patch runs cancels it (a top level that never finishes). */
  watchCtrlC?: WatchCtrlC
  /** A patch still running after this long is named on screen with how to cancel it. Default 3000. */
  slowPatchMs?: number
  /** Print where each patch's time went (MIGHTY_PATCHER_TIMINGS=1): the benchmarks read this line. */
  timings?: boolean
  /** After the report is printed: the files this patch brought to new code. */
  onPatched?(files: string[]): void
  /** Lines printed on their own time: the report of a patch that ended after its cancel was given up on. */
  late?(lines: string[]): void
  /** Where the peer's patch is now, as it last said. */
  progressOf?(peer: WorkerPeer): (PatchProgress & { at: number }) | undefined
}

// After Ctrl-C the test process reports the cancelled re-run itself; past this it is taken to be stuck.
const CANCEL_GRACE_MS = 3000

/** What a patch still running is doing, from the test process's last word. */
function slowPart({ file, phase, line }: PatchProgress, context: FormatContext): string {
  const name = relativePath(context.root, file)
  if (phase === 'transform') return `: the runner is still transforming ${name}`
  if (phase === 'analyse') return `: still reading ${name} (a large module)`
  return `: its top level has not finished (${name}, line ${line})`
}

/**
 * Patches the target's pending saves into it and prints the report, or why it failed
 * (docs/architecture.md, "Never silent").
 */
export function createPatcher(options: PatcherOptions): (target: Target) => Promise<void> {
  const {
    pending,
    beforePatch,
    print,
    context,
    watchCtrlC,
    slowPatchMs = 3000,
    timings,
    onPatched,
    progressOf,
    late,
  } = options
  return async (target) => {
    const { peer } = target
    const saves = pending.take(peer)
    if (!saves) return
    const names = saves.files.map((file) => relativePath(context.root, file)).join(', ')
    const requested = performance.now()
    try {
      await beforePatch?.(saves.files)
      const call = peer.rpc.patch(saves.changed, saves.deleted)
      const outcome = await awaitCancellable(call, {
        watchCtrlC,
        interrupt: target.interrupt,
        graceMs: CANCEL_GRACE_MS,
        onSlow: {
          afterMs: slowPatchMs,
          notify: () => {
            const now = progressOf?.(peer)
            const at = now && now.at >= requested ? slowPart(now, context) : ''
            print(
              context.c.yellow(
                `still patching ${names} after ${slowPatchMs / 1000} s${at} — Ctrl-C cancels this patch (old code keeps running)`,
              ),
            )
          },
        },
      })
      if (!outcome.settled) {
        // Ctrl-C reaches only a top level run again; a transform or a large module's reading goes on to the end
        print(
          context.c.yellow(
            `patch of ${names} not cancelled: the test process is still busy in it — if it ends, the new code runs and its line follows`,
          ),
        )
        call.then(
          (report) => {
            late?.(formatPatchReport(report, context))
            const patched = report.files.filter((file) => file.status === 'patched').map((file) => file.file)
            if (patched.length > 0) onPatched?.(patched)
          },
          () => {},
        )
        return
      }
      const report = outcome.value
      print(formatPatchReport(report, context))
      if (timings)
        print(
          formatPhaseTimes(
            report,
            { since: saves.since, reported: saves.reported, requested, now: performance.now() },
            context,
          ),
        )
      const patched = report.files.filter((file) => file.status === 'patched').map((file) => file.file)
      if (patched.length > 0) onPatched?.(patched)
      target.settle(report, pending)
    } catch (error) {
      if (peer.closed) return // the conversation reports the exit
      print(context.c.red(`error patching ${names}: ${errorMessage(error)} — ${target.afterError}`))
    }
  }
}
