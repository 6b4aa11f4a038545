import type { PatchReport } from '../worker/report.js'

/** Why a test process stopped: shown in the pause header. */
export interface PauseInfo {
  /** "math › double" — the runner's full test name. */
  testName: string
  /** Absolute path of the test file. */
  testFile: string
  /** 1 for the first failure, then one more per re-run. */
  attempt: number
  /** Error message(s) as the runner formats them, diffs included (may contain ANSI colours). */
  errors: string[]
  pid: number
}

export type PauseAction = 'continue' | 'skip' | 'quit'

export interface EvalResult {
  ok: boolean
  /** util.inspect'ed value, or the error's message. */
  text: string
}

/** Functions the main process (owner of the terminal) serves to test processes. */
export interface MainFunctions {
  /** Resolves when the person decides; meanwhile main may call the worker's `patch`/`evaluate`. */
  pause(info: PauseInfo): Promise<PauseAction>
}

/** Functions a test process serves to the main process while it is paused. */
export interface WorkerFunctions {
  /** Brings the given files (absolute paths) to their on-disk version. */
  patch(files: string[]): Promise<PatchReport>
  /** Evaluates an expression in the test process; `$error` is the failing test's error. */
  evaluate(expression: string): Promise<EvalResult>
}
