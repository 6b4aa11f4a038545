import type { RunnerAdapter } from '../../engine/adapter.js'
import type { PatchEngine } from '../../engine/engine.js'
import { emptyReport, type FileReport } from '../../shared/report.js'
import { HOOK_NAME } from './messages.js'

// The runner adapter lives on the test thread; the helper needs a few of its answers while that thread is stopped.
// Synchronous code may still run on a stopped thread (Runtime.callFunctionOn), so the test thread installs this hook
// for the armed attempt and the helper calls it (hook-call.ts). Arguments and answers cross as JSON values.

const HOOK = Symbol.for(HOOK_NAME)

export interface InspectHook {
  /** JSON of the runner's source map of `file`. */
  sourceMap(file: string): string | undefined
  /** Whether `file` is loaded as a module in this process. */
  loaded(file: string): boolean
  /** A save, with the runner's code for it, applied by the engine on this (stopped) thread. */
  patch(file: string, code: string): FileReport
  /**
   * Around an expression evaluated in a frame: names of `scope` (the project's exports) that are not globals become
   * globals, so `total(input)` works although the runner rewrote the frame's imports, and `$error` is the thrown
   * error, as at the pause. Locals still win.
   */
  enterScope(error?: unknown): void
  /** The names enterScope made globals. */
  scopeNames(): string[]
  leaveScope(): void
}

export interface HookOptions {
  adapter?: RunnerAdapter
  engine?: Pick<PatchEngine, 'patchStopped'>
  scope?: () => object
}

export function installHook({ adapter, engine, scope }: HookOptions): () => void {
  // the helper finds the hook on the global object of the stopped frame: the runner's realm (Jest: the vm context)
  const realm = (adapter?.realm ?? globalThis) as Record<PropertyKey, unknown>
  const holder = realm as { [HOOK]?: InspectHook }
  const added: string[] = []
  holder[HOOK] = {
    sourceMap(file) {
      const map = adapter?.sourceMap?.(file)
      return map ? JSON.stringify({ sources: map.sources, mappings: map.mappings }) : undefined
    },
    loaded: (file) => (adapter?.modulesOf(file).length ?? 0) > 0,
    patch(file, code) {
      if (!engine) return { ...emptyReport(file), status: 'deferred', error: 'no patch engine in this process' }
      return engine.patchStopped(file, code)
    },
    enterScope(error) {
      const names = { ...scope?.(), $error: error }
      for (const name of Object.keys(names)) {
        if (name in realm) continue
        Object.defineProperty(realm, name, {
          get: () => (names as Record<string, unknown>)[name],
          configurable: true,
          enumerable: false,
        })
        added.push(name)
      }
    },
    scopeNames: () => [...added],
    leaveScope() {
      for (const name of added.splice(0)) delete realm[name]
    },
  }
  return () => {
    holder[HOOK]?.leaveScope()
    delete holder[HOOK]
  }
}
