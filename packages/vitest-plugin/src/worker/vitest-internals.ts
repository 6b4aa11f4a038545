// The few Vitest worker internals the adapter needs, typed in one place
// (docs/architecture.md, "Vitest: module evaluation"). Present in Vitest 4.1 and 5.x: `__vitest_worker__` (worker
// state) and `__vitest_mocker__` (holds the module runner).

export interface ModuleNode {
  id: string
  url: string
  file: string | null
  /** The fetch result it was evaluated from: Vite reads its inline source map (4.x), Vitest 5 its `sourceMap`. */
  meta?: Record<string, unknown>
  /** The decoded map, cached from `meta` on first use. */
  map?: unknown
  exports?: unknown
  /** Ids of the modules it imported. */
  imports?: Set<string>
  promise?: Promise<unknown>
  evaluated?: boolean
}

interface EvaluatedModules {
  idToModuleMap: Map<string, ModuleNode>
  getModuleById(id: string): ModuleNode | undefined
  getModulesByFile(file: string): Set<ModuleNode> | undefined
  invalidateModule(node: ModuleNode): void
  /** Vite's `DecodedMap` (`.map` is the raw map); Vitest 5 keeps maps beside the code, not inlined. */
  getModuleSourceMapById(id: string): { map?: { mappings?: unknown; sources?: string[] } } | null
}

/** Vite's module evaluator: runs a module's code (after the SSR transform, before Vitest wraps it). */
export interface ModuleEvaluator {
  runInlinedModule(context: unknown, code: string, module: ModuleNode): Promise<unknown>
  /** The `require` a module gets (the vm pools' own): 4.0 takes its path, 4.1 its URL or path. */
  createRequire?(pathOrUrl: string): NodeJS.Require
}

interface ModuleRunner {
  import(url: string): Promise<unknown>
  evaluator: ModuleEvaluator
  /** vi.mock's registry; Vitest resets it between files when isolating. */
  mocker?: { reset(): void }
  transport: { invoke(name: 'fetchModule', data: unknown[]): Promise<FetchResult> }
}

type FetchResult = {
  code?: string
  tmp?: string
  externalize?: string
  file?: string | null
  id?: string
  sourceMap?: string
}

interface WorkerState {
  evaluatedModules: EvaluatedModules
  config: { setupFiles: string[]; root: string }
  filepath?: string
}

export function workerState(): WorkerState {
  const state = (globalThis as { __vitest_worker__?: WorkerState }).__vitest_worker__
  if (!state) throw new Error('mighty-patcher: not inside a Vitest worker')
  return state
}

export function moduleRunner(): ModuleRunner {
  const runner = (globalThis as { __vitest_mocker__?: { moduleRunner?: ModuleRunner } }).__vitest_mocker__?.moduleRunner
  if (!runner)
    throw new Error('mighty-patcher: this Vitest version hides its module runner (experimental native runner?)')
  return runner
}

/** Test and setup files: their top-level code registers tests, so it never runs again. */
export function testAndSetupFiles(): Set<string> {
  const state = workerState()
  return new Set([state.filepath ?? '', ...state.config.setupFiles])
}

/** The source map of a loaded module file, as Vitest maps stack traces with it. */
export function sourceMapOf(file: string): { mappings: string; sources?: string[] } | undefined {
  const modules = workerState().evaluatedModules
  for (const node of modules.getModulesByFile(file) ?? []) {
    const map = modules.getModuleSourceMapById(node.id)?.map
    if (typeof map?.mappings === 'string') return { mappings: map.mappings, sources: map.sources }
  }
  return undefined
}

/**
 * After a live edit the module runs `code`, but Vite still maps its stack frames with the map of the code it first
 * evaluated (cached on the node): the node takes the fresh fetch result instead (or, without one, the bare code and
 * its inline map, if any), and the cached map goes.
 */
export function followSourceMap(node: ModuleNode, code: string, fresh: FetchResult | undefined): void {
  const { sourceMap: _old, ...meta } = node.meta ?? {}
  // the instrumented engine runs the fresh fetch's code instrumented: same lines, so the fetch's map still fits
  node.meta = fresh ? { ...fresh, code } : { ...meta, code }
  node.map = undefined
}

export type { FetchResult }
