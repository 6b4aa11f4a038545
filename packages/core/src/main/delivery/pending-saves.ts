import type { PatchReport } from '../../shared/report.js'
import type { WorkerPeer } from '../channel/peer.js'
import type { ChangeBatch } from './watcher.js'

export interface PendingSaves {
  /** A connected peer starts with nothing pending; saves from now on are kept for it. */
  add(peer: WorkerPeer): void
  /** The peer is gone: what it had pending goes with it. */
  remove(peer: WorkerPeer): void
  /** Every peer gets the batch; a file keeps only its last state. */
  record(batch: ChangeBatch): void
  /** Something waits for the peer's next patch. */
  has(peer: WorkerPeer): boolean
  /** Empties the peer's pending saves into what its patch takes; undefined when nothing is pending. */
  take(peer: WorkerPeer): Saves | undefined
  /** Drops what the report settled (patched, unchanged, not loaded) from the peer's pending saves. */
  settle(peer: WorkerPeer, report: PatchReport): void
}

/** What a patch takes: the saved files, split by their last state (a deletion is the watcher's word). */
export interface Saves {
  files: string[]
  changed: string[]
  deleted: string[]
  /** When the earliest of these saves was seen (see ChangeBatch.since). */
  since?: number
  /** When the watcher reported it: from then on the save waited for its worker (a stopped test, a busy one). */
  reported?: number
}

/** Per connected peer: the files saved since it last synced, each with its last state. */
export function createPendingSaves(): PendingSaves {
  const pending = new Map<WorkerPeer, Map<string, 'changed' | 'deleted'>>()
  const since = new Map<WorkerPeer, { since: number; reported: number }>()
  return {
    add: (peer) => void pending.set(peer, new Map()),
    remove(peer) {
      pending.delete(peer)
      since.delete(peer)
    },
    record(batch) {
      for (const [peer, saved] of pending) {
        for (const file of batch.changed) saved.set(file, 'changed')
        for (const file of batch.deleted) saved.set(file, 'deleted')
        if (batch.since !== undefined && !since.has(peer))
          since.set(peer, { since: batch.since, reported: performance.now() })
      }
    },
    has: (peer) => Boolean(pending.get(peer)?.size),
    take(peer) {
      const saved = pending.get(peer)
      if (!saved?.size) return undefined
      const files = [...saved.keys()]
      const changed = files.filter((file) => saved.get(file) === 'changed')
      const deleted = files.filter((file) => saved.get(file) === 'deleted')
      saved.clear()
      const seen = since.get(peer)
      since.delete(peer)
      return { files, changed, deleted, ...seen }
    },
    settle(peer, report) {
      const saved = pending.get(peer)
      for (const file of report.files)
        if (file.status === 'patched' || file.status === 'unchanged' || file.status === 'not-loaded')
          saved?.delete(file.file)
    },
  }
}
