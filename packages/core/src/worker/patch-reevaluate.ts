import { realmState } from '../state.js'
import type { RunnerAdapter } from './adapter.js'
import { patchExports } from './exports-patch.js'
import { changedBehaviour } from './function-diff.js'
import { Interrupted, interruptible } from './interruptible.js'
import type { LiveEdited } from './patch-live-edit.js'

/** A module instance the runner evaluated again, with its fresh exports. */
export interface Reevaluated {
  edited: LiveEdited
  fresh: unknown
}

/**
 * The third phase of a patch, without the Debugger: what live edit could not apply is re-evaluated through the runner
 * and the new exports are copied onto the old exports object importers hold. `latest` keeps each file's newest exports
 * for the bridge.
 */
export async function reevaluateAll(
  adapter: RunnerAdapter,
  edited: LiveEdited[],
  latest: Map<string, unknown>,
): Promise<Reevaluated[]> {
  const done: Reevaluated[] = []
  for (const e of edited) {
    const { module, report } = e
    if (!e.fallback || report.status === 'error') continue
    const state = realmState(adapter.realm)
    const file = module.file
    const disposers = state.disposers.get(file) ?? []
    state.disposers.delete(file)
    state.reloading.add(file)
    let fresh: unknown
    try {
      for (const dispose of disposers) await dispose()
      // a top level that never finishes would hold the patch forever: Ctrl-C at the terminal gives it up
      fresh = await interruptible('re-evaluation', () => adapter.reevaluate(module))
    } catch (error) {
      report.status = 'error'
      report.error =
        error instanceof Interrupted
          ? 'its top level did not finish: re-evaluation cancelled (Ctrl-C)'
          : `re-evaluation failed: ${(error as Error).message}`
      continue
    } finally {
      state.reloading.delete(file)
    }
    latest.set(file, fresh)
    const behaviour = e.bridge && !e.bridge.tooBig ? changedBehaviour(e.bridge.live.code, e.code) : undefined
    const patch = patchExports(module.exports, fresh, behaviour)
    report.strategy = 're-evaluate'
    report.fallbackReason = e.fallback
    report.updated.push(...patch.updated)
    report.added.push(...patch.added)
    report.removed.push(...patch.removed)
    report.stale.push(...patch.stale)
    done.push({ edited: e, fresh })
  }
  return done
}
