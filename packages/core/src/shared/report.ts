/** A name that still runs old code after a patch, and why. Reports never omit these (docs/architecture.md, "Never silent"). */
export interface StaleName {
  /** `double`, `Counter#inc`, `Counter.create` */
  name: string
  reason: string
}

export interface FileReport {
  /** Absolute path of the saved file. */
  file: string
  /**
   * patched: new code is live · unchanged: same code as what runs · not-loaded: no module instance in this process ·
   * error: syntax/transform/evaluation error, old code keeps running · deleted: file is gone, old code keeps running ·
   * deferred: the test is stopped (inspect) and this change needs it to run on; `error` says why
   */
  status: 'patched' | 'unchanged' | 'not-loaded' | 'error' | 'deleted' | 'deferred'
  /** Names whose code changed and whose every existing reference now runs the new code. */
  updated: string[]
  /** Top-level statements with effects that ran again (`line 12`). */
  reran: string[]
  /** Functions whose code only moved (lines or comments above them): they run at their new positions. */
  moved: string[]
  /** Exports that appeared or disappeared. */
  added: string[]
  removed: string[]
  stale: StaleName[]
  error?: string
  /** `not-loaded`: the save was the file's deletion (a rename away, a `git checkout`), of a file never loaded here. */
  deleted?: boolean
  ms: number
}

export interface PatchReport {
  files: FileReport[]
  ms: number
  /** Where the engine's time went, for `MIGHTY_PATCHER_TIMINGS=1` and the benchmarks. */
  phases?: PhaseTimes
}

/**
 * Milliseconds per phase of one patch (docs/architecture.md, "The path of a save"): the runner's transform of the
 * saved files, `analyse` (instrument, diff, plan) and `apply` (versions registered, changed top-level statements run).
 */
export interface PhaseTimes {
  transform: number
  analyse: number
  apply: number
}

/** Where a patch is, told to main as it goes, so a slow patch can be named by what is slow. */
export interface PatchProgress {
  file: string
  /** The runner's transform of the file · our parse and plan · its changed top-level statements running again. */
  phase: 'transform' | 'analyse' | 'rerun'
  /** For `rerun`: the first statement's line. */
  line?: number
}

/** A file's report before its patch: patched with nothing named yet. */
export function emptyReport(file: string): FileReport {
  return { file, status: 'patched', updated: [], reran: [], moved: [], added: [], removed: [], stale: [], ms: 0 }
}
