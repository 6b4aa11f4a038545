/**
 * What a runner tells the engine about its modules (docs/architecture.md, "The engine knows no runner").
 * One adapter per realm the test code runs in.
 */
export interface LoadedModule {
  /** Absolute path of the source file. */
  readonly file: string
  /** The module's exports object (the prompt's scope). */
  readonly exports: unknown
}

export interface RunnerAdapter {
  /** Global object of the realm the modules run in (Jest: the test environment's sandbox global). */
  readonly realm: object
  /** Module instances currently loaded for `file`; empty when the file was never loaded here. */
  modulesOf(file: string): LoadedModule[]
  /** The runner's fresh transform of the file as it is on disk now (module code, no wrapper). Throws a readable error. */
  transform(file: string): Promise<string>
  /** Test and setup files: their top-level code registers tests, so a save never runs it again. */
  neverRerun?(file: string): boolean
  /** How the person loads a module anew, said after what a save cannot patch. Default: the test loop's `r`. */
  readonly restart?: string
  /** The transform moves no line (none, or type stripping): a syntax error is named at its place in the file. */
  readonly sameLines?: boolean
  /** The name stack traces show for code of this file (a new version's sourceURL). Default: the path. */
  sourceUrl?(file: string): string
  /**
   * The runner's source map of the module code (to show an inspected frame's line in the file on disk). Must be
   * synchronous: it is called while the test thread is stopped. Default: a map inlined in the script, if any.
   */
  sourceMap?(file: string): { mappings: string; sources?: string[] } | undefined
  /**
   * The module code of `file` that runs now is `code`, the fresh transform (a save patched in):
   * the runner maps stack traces with that code's source map from now on, or every later stack points at the old
   * lines. Synchronous.
   */
  applied?(file: string, code: string): void
  /**
   * `require` and `import()` as the code of `file` has them (at the prompt of a pause in that test file): resolved
   * from the file and through the runner, so a module comes back as the instance the tests use. Default: Node's.
   */
  loaderOf?(file: string): ModuleLoader
}

export interface ModuleLoader {
  require(id: string): unknown
  import(id: string): Promise<unknown>
}
