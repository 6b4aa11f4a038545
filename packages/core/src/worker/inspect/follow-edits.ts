import type { RunnerAdapter } from '../../engine/adapter.js'
import type { StoppedEdit } from './messages.js'

// Saves patched while the test thread was stopped move lines, but the runner still maps stack traces
// with the map of the code it had loaded: every later stack (a re-run's failure, `$error.stack`, the final report)
// would name old lines. The map comes with the runner's own transform, which the stopped thread could not ask for; it
// runs again now, so it asks and hands the runner the code that runs, as the engine does after a patch.

/** Points the runner's stack maps at the code patched in while stopped; best effort, file by file. */
export async function followStoppedEdits(adapter: RunnerAdapter, edits: StoppedEdit[] | undefined): Promise<void> {
  if (!adapter.applied) return
  for (const { file, code } of edits ?? []) {
    try {
      const fresh = await adapter.transform(file)
      // saved again since: that save is pending, and the engine follows its map when it patches it
      if (withoutTrailingPragmas(fresh) !== withoutTrailingPragmas(code)) continue
      adapter.applied(file, fresh)
    } catch {
      // no fresh transform now: the stacks keep the old map, as before the stop
    }
  }
}

/**
 * The main process's transform may leave out the trailing `//# name=value` comments a test process's own fetch has
 * (Vitest: the inline source map, its cache entry).
 */
function withoutTrailingPragmas(code: string): string {
  return code.replace(/(?:\s*\/\/# [\w-]+=[^\n]*)+\s*$/, '').trimEnd()
}
