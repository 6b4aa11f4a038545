import path from 'node:path'
import type { ModuleMap } from '../analysis/module-map.js'
import { type ModuleRecord, type Runtime, runtimeOf } from '../runtime/runtime.js'
import { toolLine } from '../shared/messages.js'
import {
  emptyReport,
  type FileReport,
  type PatchProgress,
  type PatchReport,
  type PhaseTimes,
} from '../shared/report.js'
import { realmState } from '../state.js'
import type { RunnerAdapter } from './adapter.js'
import { type Applied, applyNow, applyOperations } from './apply.js'
import type { V8FunctionCoverage } from './coverage.js'
import { Interrupted, interruptible } from './interruptible.js'
import { cachedAtLoad, type LoadInstrumented, storeAtLoad } from './load-cache.js'
import type * as Parsing from './parsing.js'
import type { Operation } from './plan.js'
import { displayName, reportOf } from './report.js'

// The patch engine (docs/architecture.md, "The path of a save"). Code is instrumented as the runner loads it, so a
// save needs no V8 script edit and walks no heap: it is the runner's transform of the file, a diff, and data put into
// the module's record — plus the top-level statements whose own code changed, run again in the module's scope.

export interface PatchEngine {
  /**
   * Loads the parser (docs/architecture.md, "Cost when nothing fails"). `patch` waits for it itself; `patchStopped`
   * and `runnerCoverage` need it done, and `instrument` answers at once after it.
   */
  ready(): Promise<void>
  /**
   * The runner's code for `file`, instrumented; call it right before the runner evaluates that code. A string at once
   * when this code is in the load cache or the engine is ready; otherwise once the parser has loaded.
   */
  instrument(file: string, code: string): string | Promise<string>
  /**
   * A module instrumented elsewhere (a loader thread of its own, which runs `instrumentedAtLoad`): what the runtime and
   * the first save must know of the code it was loaded from.
   */
  loadedElsewhere(file: string, code: string, instrumented: Omit<LoadInstrumented, 'code'>): void
  /**
   * Brings every loaded instance of `changed` (absolute paths) to the code on disk, in one batch; reports `deleted`.
   * `progress` hears where it is, file by file.
   */
  patch(changed: string[], deleted?: string[], progress?: (step: PatchProgress) => void): Promise<PatchReport>
  /** A save applied on a thread stopped at its throw: see patchStopped. */
  patchStopped(file: string, code: string): FileReport
  /**
   * V8's coverage of the script that ran `file`, as the runner must map it: on its code again (`base`: where that code
   * starts in the script), or as given when `file` was not instrumented here; undefined when a save patched `file`
   * since it loaded — its counts are of code no longer on disk, to be left out, which `say` tells the person.
   */
  runnerCoverage(
    file: string,
    functions: V8FunctionCoverage[],
    base: number,
    say: (line: string) => void,
  ): V8FunctionCoverage[] | undefined
  dispose(): void
}

let parsing: typeof Parsing | undefined

async function loadParsing(): Promise<void> {
  parsing ??= await import('./parsing.js')
}

/** The parser's side, loaded by `ready()`: a caller that skipped it is a bug of ours, said as such. */
function parsed(): typeof Parsing {
  if (!parsing) throw new Error('the patch engine was used before ready()')
  return parsing
}

interface Planned {
  map: ModuleMap
  plans: [ModuleRecord, Operation[]][]
}

/** The first top-level statement a plan runs again, if any. */
function firstRerun({ plans }: Planned): Extract<Operation, { op: 'rerun' }> | undefined {
  for (const [, operations] of plans) for (const operation of operations) if (operation.op === 'rerun') return operation
  return undefined
}

/** The test loop's way to load a module anew. */
const RESTART_FILE = 'r restarts the file'

export function createPatchEngine(adapter: RunnerAdapter): PatchEngine {
  const runtime: Runtime = runtimeOf(adapter.realm)
  // a version that cannot run in some closure's scope is found at that closure's call, after the patch line: said
  // then, once (docs/architecture.md, "Never silent")
  runtime.onFallback ??= (file, id, reason) =>
    process.stderr.write(`${toolLine(`still old: ${displayName(id)} (${file}) — ${reason}`)}\n`)
  // the runner's code each file was loaded from, mapped only when a save first compares against it
  const loaded = new Map<string, { code: string; map?: ModuleMap; runs?: ReturnType<typeof Parsing.runsOf> }>()
  const loadedMap = (file: string): ModuleMap | undefined => {
    const entry = loaded.get(file)
    if (entry) entry.map ??= parsed().mapModule(entry.code)
    return entry?.map
  }
  // the code each instance runs now, as mapped: the code it was evaluated from, then each version applied to it
  const current = new WeakMap<ModuleRecord, ModuleMap>()

  async function patchFile(
    file: string,
    times: PhaseTimes,
    progress: (step: PatchProgress) => void = () => {},
  ): Promise<FileReport> {
    if (runtime.records(file).length === 0) return notPatchable(file)
    progress({ file, phase: 'transform' })
    const transformStart = performance.now()
    let code: string
    try {
      code = await adapter.transform(file)
    } catch (error) {
      return { ...emptyReport(file), status: 'error', error: parsed().describeSaveError(error) }
    } finally {
      times.transform += performance.now() - transformStart
    }
    progress({ file, phase: 'analyse' })
    const planned = planFile(file, code, times)
    if ('status' in planned) return planned
    const rerun = firstRerun(planned)
    if (rerun) progress({ file, phase: 'rerun', line: rerun.line })
    const t = performance.now()
    let report: FileReport | undefined
    for (const [record, operations] of planned.plans) {
      let applied: Applied
      const restore = snapshot(record)
      try {
        applied = await reloading(file, operations, () => applyOperations(record, operations))
      } catch (error) {
        if (!(error instanceof Interrupted)) throw error
        // the versions registered before the statements ran go back too: the old code keeps running, as said
        restore()
        return { ...emptyReport(file), status: 'error', error: `its top level did not finish: ${error.message}` }
      }
      current.set(record, planned.map)
      report ??= reportOf(file, operations, applied)
    }
    times.apply += performance.now() - t
    // the runner's code, not ours: it maps stack traces with that code's source map (lines are the same)
    if (report?.status === 'patched') adapter.applied?.(file, code)
    return report ?? notPatchable(file)
  }

  /**
   * Top-level statements that run again run as a reload in the state API's terms (docs/architecture.md, "The state
   * API stays tiny"): the file's onDispose callbacks first (they stay registered), currentlyReloading() true
   * meanwhile, keep() in the statements returns what it kept. Ctrl-C at the terminal cancels statements that never
   * finish.
   */
  async function reloading<T>(file: string, operations: Operation[], apply: () => Promise<T>): Promise<T> {
    if (!operations.some((o) => o.op === 'rerun')) return apply()
    const state = realmState(adapter.realm)
    const disposers = [...(state.disposers.get(file) ?? [])]
    state.reloading.add(file)
    try {
      for (const dispose of disposers) await dispose()
      return await interruptible('re-run', apply)
    } finally {
      state.reloading.delete(file)
    }
  }

  /** The save's operations for each instance of `file`, or the report of why there are none. */
  function planFile(file: string, code: string, times: PhaseTimes): Planned | FileReport {
    const t = performance.now()
    const { instrument, planPatch, sourceLines, describeSaveError } = parsed()
    try {
      const fresh = instrument(code, file, { withTokens: true })
      const options = {
        url: adapter.sourceUrl?.(file) ?? file,
        neverRerun: adapter.neverRerun?.(file) ?? false,
        restart: adapter.restart ?? RESTART_FILE,
        sourceLine: sourceLines(code),
      }
      const plans: [ModuleRecord, Operation[]][] = []
      for (const record of runtime.records(file)) {
        const before = current.get(record) ?? loadedMap(file)
        if (!before) continue
        const sourceLineBefore = before.code === code ? options.sourceLine : sourceLines(before.code)
        plans.push([record, planPatch(record, before, fresh, { ...options, sourceLineBefore })])
      }
      return { map: fresh.map, plans }
    } catch (error) {
      return { ...emptyReport(file), status: 'error', error: describeSaveError(error, adapter.sameLines) }
    } finally {
      times.analyse += performance.now() - t
    }
  }

  /**
   * A save while the test thread is stopped at its throw (the inspect helper calls this on the stopped thread, with
   * the runner's code it fetched): only what applies synchronously happens now; a save whose top level must run again
   * waits until the test goes on, when the engine patches it as any save.
   */
  function patchStopped(file: string, code: string): FileReport {
    if (runtime.records(file).length === 0) return notPatchable(file)
    const planned = planFile(file, code, { transform: 0, analyse: 0, apply: 0 })
    if ('status' in planned) return planned
    const rerun = firstRerun(planned)
    if (rerun) {
      const why = `its top level changed (line ${rerun.line}): it runs again when the test goes on`
      return { ...emptyReport(file), status: 'deferred', error: why }
    }
    let report: FileReport | undefined
    for (const [record, operations] of planned.plans) {
      const applied = applyNow(record, operations)
      current.set(record, planned.map)
      report ??= reportOf(file, operations, applied)
    }
    return report ?? notPatchable(file)
  }

  /** What a cancelled save puts back: the record's versions and the top-level names it added. */
  function snapshot(record: ModuleRecord): () => void {
    const v = { ...record.v }
    const versions = new Map(record.versions)
    const late = { ...record.l }
    return () => {
      for (const id of Object.keys(record.v)) if (!(id in v)) delete record.v[id]
      Object.assign(record.v, v)
      record.versions.clear()
      for (const [id, version] of versions) record.versions.set(id, version)
      for (const name of Object.keys(record.l)) if (!(name in late)) delete record.l[name]
      Object.assign(record.l, late)
    }
  }

  function notPatchable(file: string): FileReport {
    const loadedHere = adapter.modulesOf(file).length > 0
    if (!loadedHere) return { ...emptyReport(file), status: 'not-loaded' }
    return {
      ...emptyReport(file),
      status: 'error',
      error: `this module was loaded before patching started, so it is not instrumented; ${adapter.restart ?? RESTART_FILE}`,
    }
  }

  /** What the runtime must know of a module before its instrumented code runs. */
  function prepared(file: string, code: string, instrumented: LoadInstrumented): string {
    remember(file, code, instrumented)
    return instrumented.code
  }

  function remember(file: string, code: string, { hashes, topNames }: Omit<LoadInstrumented, 'code'>): void {
    runtime.prepare(file, hashes, new Set(topNames))
    if (loaded.get(file)?.code !== code) loaded.set(file, { code })
  }

  return {
    ready: loadParsing,
    loadedElsewhere: remember,
    instrument(file, code) {
      const cached = cachedAtLoad(file, code)
      if (cached) return prepared(file, code, cached)
      const made = () => prepared(file, code, storeAtLoad(file, code, parsed().instrumentedAtLoad(file, code)))
      return parsing ? made() : loadParsing().then(made)
    },
    async patch(changed, deleted = [], progress) {
      const started = performance.now()
      await loadParsing()
      const times: PhaseTimes = { transform: 0, analyse: 0, apply: 0 }
      const files: FileReport[] = []
      for (const file of new Set(deleted)) {
        const here = runtime.records(file).length > 0 || adapter.modulesOf(file).length > 0
        files.push(
          here
            ? { ...emptyReport(file), status: 'deleted' }
            : { ...emptyReport(file), status: 'not-loaded', deleted: true },
        )
      }
      for (const file of new Set(changed)) {
        const t0 = performance.now()
        const report = await patchFile(file, times, progress)
        report.ms = performance.now() - t0
        files.push(report)
      }
      return { files, ms: performance.now() - started, phases: times }
    },
    patchStopped,
    runnerCoverage(file, functions, base, say) {
      const entry = loaded.get(file)
      if (!entry) return functions
      if (runtime.records(file).some((record) => current.has(record))) {
        const shown = path.relative(process.cwd(), file)
        say(`coverage: ${shown} was patched during this test file, so its counts are left out`)
        return undefined
      }
      const { runsOf, toRunnerCoverage } = parsed()
      entry.runs ??= runsOf(entry.code, file)
      return toRunnerCoverage(functions, entry.runs, base)
    },
    dispose() {},
  }
}
