/**
 * What a runner tells the engine about its modules (docs/architecture.md, "The engine knows no runner").
 * One adapter per realm the test code runs in.
 */
export interface LoadedModule {
  /** Absolute path of the source file. */
  readonly file: string
  /** The exports object importers hold and read at call time. The engine patches it in place. */
  readonly exports: unknown
}

/** The parts of the script V8 compiled that the runner wrapped around the module code. */
export interface WrappedSource {
  prefix: string
  code: string
  suffix: string
}

export interface RunnerAdapter {
  /** Global object of the realm the modules run in (Jest: the test environment's sandbox global). */
  readonly realm: object
  /** Module instances currently loaded for `file`; empty when the file was never loaded here. */
  modulesOf(file: string): LoadedModule[]
  /** The runner's fresh transform of the file as it is on disk now (module code, no wrapper). Throws a readable error. */
  transform(file: string): Promise<string>
  /** Splits a live script's source into wrapper and module code; null when the script is not a module of this runner. */
  unwrap(scriptSource: string): WrappedSource | null
  /**
   * Re-runs the module through the runner and returns its NEW exports object. Afterwards the runner must keep handing
   * out `module.exports` (the old object), which the engine updates in place.
   */
  reevaluate(module: LoadedModule): Promise<unknown>
  /** Test and setup files: their top-level code registers tests, so a save never runs it again. */
  neverRerun?(file: string): boolean
  /** The name stack traces show for code of this file (a new version's sourceURL). Default: the path. */
  sourceUrl?(file: string): string
  /** The URL V8 reports for scripts of this file. Default: `pathToFileURL(file).href`. */
  scriptUrl?(file: string): string
  /**
   * The runner's source map of the module code (to show an inspected frame's line in the file on disk). Must be
   * synchronous: it is called while the test thread is stopped. Default: a map inlined in the script, if any.
   */
  sourceMap?(file: string): { mappings: string; sources?: string[] } | undefined
  /**
   * The module code of `file` that runs now is `code`, the fresh transform (a live edit or a re-evaluation applied):
   * the runner maps stack traces with that code's source map from now on, or every later stack points at the old
   * lines. Synchronous.
   */
  applied?(file: string, code: string): void
}
