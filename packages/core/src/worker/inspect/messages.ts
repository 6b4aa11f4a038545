import type { StopAction } from '../../shared/protocol.js'

// What the test thread and its inspect helper thread tell each other (worker_threads messages).

/** `Symbol.for` key of the hook the test thread installs for an armed attempt (hook.ts). */
export const HOOK_NAME = 'mighty-patcher.inspect.hook'

/**
 * Ends the code of every new version the engine compiles: the helper knows a frame of code compiled by a scope
 * accessor by it, and never asks V8 to evaluate there (docs/architecture.md, "V8: evaluating in a frame of eval'd
 * code").
 */

/** workerData of the helper thread. */
export interface HelperData {
  /** The main process's channel: the helper talks to the prompt itself while the test thread is stopped. */
  port: number
  token: string
}

/** One inspected attempt of one test. */
export interface ArmRequest {
  type: 'arm'
  testName: string
  /** Absolute path of the test file; its frames count as the user's code. */
  testFile: string
  /** Frames under this directory (outside node_modules) count as the user's code too (the reload dir). */
  root: string
  /**
   * The error that failed the previous attempt: the helper stops only at a throw of the same name, with the same
   * message or thrown where the previous one was (a line of `stack`, as the runner reported it).
   */
  expected: { name: string; message: string; stack?: string }
  pid: number
}

export interface DisarmRequest {
  type: 'disarm'
}

export type ToHelper = ArmRequest | DisarmRequest

/** A file patched while the test thread was stopped, and the module code that runs in it now. */
export interface StoppedEdit {
  file: string
  code: string
}

/**
 * How an inspected attempt ended, as far as the helper saw it. `edited`: what was patched while stopped, so
 * the test thread can point the runner's stack maps at that code once it runs again.
 */
export type InspectOutcome = (
  | { stopped: true; action: StopAction }
  /** `why`: shown at the next pause (no matching throw, or the helper failed). */
  | { stopped: false; why: string }
) & { edited?: StoppedEdit[] }

export type FromHelper =
  | { type: 'armed' }
  | { type: 'failed'; message: string }
  | { type: 'done'; outcome: InspectOutcome }
