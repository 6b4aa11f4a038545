import type { PatchProgress } from '../../shared/report.js'
import type { WorkerPeer } from '../channel/peer.js'
import { createPatcher, type PatcherOptions } from './patch.js'
import { type AfterPatch, createPatchNotices } from './patch-notices.js'
import { createPendingSaves } from './pending-saves.js'
import type { Target } from './targets.js'
import type { ChangeBatch } from './watcher.js'

/** What delivery needs of the terminal's conversation: work done between questions. */
export interface Screen {
  /**
   * `work` runs before the next question: an open question gives way and is drawn again after it, with what was
   * typed. False when no conversation holds the terminal. `duringEvaluation` is said once if an evaluation is
   * running meanwhile (the work waits for it).
   */
  hold(work: () => Promise<void>, duringEvaluation?: string): boolean
}

export interface DeliveryOptions extends Omit<PatcherOptions, 'pending' | 'onPatched' | 'late' | 'progressOf'> {
  screen: Screen
  /** A turn holds the terminal (a patch, an evaluation): what arrives waits for its end. */
  busy(): boolean
  afterPatch: AfterPatch | undefined
}

export interface Delivery {
  /** A test process (or a stopped test's helper) connected: saves from now on are kept for it until it takes them. */
  connect(peer: WorkerPeer): void
  /** A batch from the watcher: kept for every peer; the target the terminal is with is patched now. */
  saved(batch: ChangeBatch): void
  /**
   * While `run` (a conversation) holds the terminal with `target`, saves are pushed to it: those pending before its
   * first question, later ones as they come (its open question gives way and is drawn again under the report).
   */
  during<T>(target: Target, run: () => Promise<T>): Promise<T>
  /** The target's pending saves, patched now (a test process asking before it runs on). */
  deliver(target: Target): Promise<void>
  /** Where a peer's patch is now, as it tells it: a slow patch is named by what is slow. */
  progress(peer: WorkerPeer, step: PatchProgress): void
  /** A line on delivery's own time: before the next question, or now when nobody holds the terminal. */
  say(line: string): void
  /** Prints what arrived while a turn held the terminal. */
  flush(): void
}

const SAVED_DURING_EVALUATION = 'saved: patched when this evaluation ends — Ctrl-C cancels it'

/**
 * A save's way into test processes (docs/architecture.md, "The path of a save"): pending saves per peer, pushed to
 * the target the terminal is with, one patch at a time with its report, and the notices a runner adds after it.
 */
export function createDelivery({ screen, busy, afterPatch, ...options }: DeliveryOptions): Delivery {
  const pending = createPendingSaves()
  const progressOf = new Map<WorkerPeer, PatchProgress & { at: number }>()
  const notices = createPatchNotices({
    afterPatch,
    print: options.print,
    context: options.context,
    hold: screen.hold,
    busy,
  })
  const patch = createPatcher({
    ...options,
    pending,
    progressOf: (peer) => progressOf.get(peer),
    onPatched: notices.patched,
    late: notices.late,
  })
  let current: Target | undefined

  const deliver = (target: Target) => patch(target).finally(notices.flush)
  const push = (target: Target) => screen.hold(() => deliver(target), SAVED_DURING_EVALUATION)

  return {
    connect(peer) {
      pending.add(peer)
      peer.onClose(() => {
        pending.remove(peer)
        progressOf.delete(peer)
      })
    },
    saved(batch) {
      notices.saved([...batch.changed, ...batch.deleted])
      pending.record(batch)
      if (current && pending.has(current.peer)) push(current)
    },
    async during(target, run) {
      current = target
      try {
        // what was saved before this turn (or during its first patch) comes before its first question
        while (pending.has(target.peer)) await deliver(target)
        notices.flush()
        return await run()
      } finally {
        current = undefined
      }
    },
    deliver,
    progress: (peer, step) => void progressOf.set(peer, { ...step, at: performance.now() }),
    say: (line) => notices.late([line]),
    flush: notices.flush,
  }
}
