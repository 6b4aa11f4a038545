import type { PatchReport } from '../../shared/report.js'
import type { WorkerPeer } from '../channel/peer.js'
import type { PendingSaves } from './pending-saves.js'

/** Where saves are patched: a test process at a pause, or the helper of a test stopped by inspect. */
export interface Target {
  /** Whose pending saves a patch takes, and who patches them. */
  readonly peer: WorkerPeer
  /** Ctrl-C during a patch asks the test process to give it up this way (a stopped test cannot be asked). */
  readonly interrupt?: () => void
  /** What runs after a patch that failed. */
  readonly afterError: string
  /** The report is in: what it settled for other peers. */
  settle(report: PatchReport, pending: PendingSaves): void
}

/** A test process that takes saves itself: paused at a failed test, or asking before it runs on. */
export class WorkerTarget implements Target {
  readonly afterError = 'old code keeps running'

  constructor(
    readonly peer: WorkerPeer,
    readonly interrupt?: () => void,
  ) {}

  settle(): void {}
}

/**
 * A test stopped at its throw, patched through its helper thread: what the helper settles is not patched again by
 * the stopped test's worker; the rest (reported as deferred) stays pending there, patched when the test runs on.
 */
export class StoppedTarget implements Target {
  readonly afterError = 'patched when the test runs on'

  constructor(
    readonly peer: WorkerPeer,
    private readonly stoppedWorker: WorkerPeer | undefined,
  ) {}

  settle(report: PatchReport, pending: PendingSaves): void {
    if (this.stoppedWorker) pending.settle(this.stoppedWorker, report)
  }
}
