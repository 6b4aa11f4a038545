import type { PatchProgress, PatchReport } from './report.js'

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
  /**
   * Whether `i` (inspect) can re-run this test stopped at its throw: true, or why not (e.g. a threads pool).
   * Absent when the runner does not offer it.
   */
  inspect?: true | string
  /**
   * Whether `r` (restart) can run this test file again from the code on disk: true, or why not (e.g. this Vitest
   * version). Absent when the runner does not offer it.
   */
  restart?: true | string
  /** Extra lines for the header, e.g. why an inspected re-run did not stop. */
  notes?: string[]
}

/**
 * `inspect`: re-run the test once with the inspector armed and stop at the throw (only when `PauseInfo.inspect`).
 * `restart`: run the test file again with fresh modules and `beforeAll` (only when `PauseInfo.restart`).
 * `quit`: end the run now.
 */
export type PauseAction = 'continue' | 'skip' | 'quit' | 'inspect' | 'restart'

/** What the person chose at an inspect stop. */
export type StopAction = 'continue' | 'skip' | 'quit'

export interface EvalResult {
  ok: boolean
  /** util.inspect'ed value, or the error's message. */
  text: string
}

/** A frame of the stopped test, as the prompt names it. Only frames of the user's code are listed. */
export interface FrameSummary {
  functionName: string
  /** Absolute path. */
  file: string
  /** 1-based, in the file on disk (source-mapped when the runner transformed it). */
  line: number
  column: number
}

export interface FrameDetails extends FrameSummary {
  /** Index in `StopInfo.frames`. */
  index: number
  /** A few lines of the file on disk around `line`. */
  source: { line: number; text: string }[]
  /** Local and block-scoped variables of the frame, with short previews. */
  locals: Variable[]
  /**
   * Variables of the scopes around the frame's function that closures captured, innermost first: each enclosing
   * function's (`Closure`), then the module's top level (`Module`). Empty scopes are left out.
   */
  enclosing: { kind: 'Closure' | 'Module'; variables: Variable[] }[]
}

export interface Variable {
  name: string
  preview: string
}

/** The test process stopped at the throw that fails the test (an inspected re-run). */
export interface StopInfo {
  testName: string
  testFile: string
  pid: number
  /** `exception` for a synchronous throw, `promiseRejection` in an async test. */
  reason: string
  /** The thrown error's first line. */
  error: string
  /** User frames, innermost first. */
  frames: FrameSummary[]
  /** frames[0], with source and locals. */
  frame: FrameDetails
}

/**
 * `Symbol.for` key of what a test thread that is not its process's main thread (Vitest's threads pool) offers main
 * through the inspector: it cancels the interruptible work running there and says whether that work is busy in code
 * SIGINT can break now ('breakable'), not ('cancelled': it ends as soon as the thread is free), or was cancelled
 * before and still runs ('stuck': the thread is busy in code nothing can break).
 */
export const THREAD_INTERRUPT_HOOK = 'mighty-patcher.interrupt'

/** Ends the source of every new version the engine compiles: inspect tells a version's frames from the runner's by it. */
export const VERSION_MARK = '/* mighty-patcher: a new version */'

/** Functions the main process (owner of the terminal) serves to test processes. */
export interface MainFunctions {
  /** Resolves when the person decides; meanwhile main may call the worker's `patch`/`evaluate`. */
  pause(info: PauseInfo): Promise<PauseAction>
  /**
   * Called by the inspect helper while the test thread is stopped at its throw. Meanwhile main may call the helper's
   * `frame`/`evaluate` (in the selected frame) and `patch`.
   */
  stopped(stop: StopInfo): Promise<StopAction>
  /** Patches the files saved since this worker last synced (a report is printed), without prompting. */
  sync(): Promise<void>
  /**
   * The runner's fresh transform of `file` (module code, no wrapper), as its test processes get it: for the inspect
   * helper, whose stopped thread cannot ask the runner itself. Rejects when the runner offers none.
   */
  transform(file: string): Promise<string>
  /** Where the patch main asked for is now (sent as it goes; nothing waits for the answer). */
  progress(step: PatchProgress): Promise<void>
}

/** Functions a test process serves to the main process while it is paused. */
export interface WorkerFunctions {
  /**
   * Brings the saved files (absolute paths) to their on-disk version. `deleted` are files the watcher saw removed:
   * their old code keeps running and the report says so (the worker never looks at the disk to tell).
   */
  patch(changed: string[], deleted?: string[]): Promise<PatchReport>
  /** Evaluates an expression in the test process; `$error` is the failing test's error. */
  evaluate(expression: string): Promise<EvalResult>
  /** Tab at the prompt: what the name or property at the end of `line` may become (the inspect helper has none). */
  complete?(line: string): Promise<Completion>
}

/** Completions of the word at the end of a typed line: `partial` is that word, `names` what it may become. */
export interface Completion {
  partial: string
  names: string[]
}

/**
 * What the inspect helper serves besides `WorkerFunctions` while the test thread is stopped: its `evaluate` runs in the
 * selected frame, its `patch` applies what needs no waiting (engine/engine.ts, patchStopped).
 */
export interface InspectFunctions extends WorkerFunctions {
  /** Selects user frame `index` (0 = where it threw) for `evaluate` and describes it. */
  frame(index: number): Promise<FrameDetails>
}
