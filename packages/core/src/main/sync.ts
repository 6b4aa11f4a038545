import { type FormatContext, formatPatchReport, messageOf, relativePath } from './format.js'
import type { WorkerPeer } from './peer.js'
import type { PendingSaves } from './pending-saves.js'

/**
 * Whose saves are patched: a paused (or syncing) worker, or the helper of a test stopped at its throw. The helper
 * live-edits what is not on the stack; what it settles is not patched again by the stopped test's worker, the rest
 * (reported as deferred) stays pending there and is patched when the test runs on.
 */
export type SyncTarget = { worker: WorkerPeer } | { helper: WorkerPeer; stoppedWorker: WorkerPeer | undefined }

export interface SyncOptions {
  pending: PendingSaves
  beforePatch: ((files: string[]) => void | Promise<void>) | undefined
  print(lines: string | string[]): void
  context: FormatContext
}

/**
 * Patches the target's pending saves into it and prints the report, or why it failed
 * (docs/architecture.md, "Never silent").
 */
export function createSync({ pending, beforePatch, print, context }: SyncOptions) {
  return async (target: SyncTarget): Promise<void> => {
    const peer = 'helper' in target ? target.helper : target.worker
    const saves = pending.take(peer)
    if (!saves) return
    try {
      await beforePatch?.(saves.files)
      const report = await peer.rpc.patch(saves.changed, saves.deleted)
      print(formatPatchReport(report, context))
      if ('helper' in target && target.stoppedWorker) pending.settle(target.stoppedWorker, report)
    } catch (error) {
      if (peer.closed) return // the conversation reports the exit
      const names = saves.files.map((file) => relativePath(context.root, file)).join(', ')
      const still = 'helper' in target ? 'patched when the test runs on' : 'old code keeps running'
      print(context.c.red(`error patching ${names}: ${messageOf(error)} — ${still}`))
    }
  }
}
