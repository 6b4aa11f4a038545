import { forwardersOf } from './bridge-plan.js'
import type { RegisterForwarder } from './bridge-source.js'
import type { DebuggerSession } from './debugger-session.js'
import { type FunctionEntry, functionTree } from './function-tree.js'
import { addToReport, followBodies, functionsOf, type NextCode, type OldScript } from './old-scripts.js'
import type { LiveEdited } from './patch-live-edit.js'

/** Scripts left behind by earlier re-evaluations, per file, oldest first. */
export type ScriptHistory = Map<string, OldScript[]>

/**
 * The last phase of a patch, with the Debugger enabled: the script a re-evaluation just left behind gets the new
 * bodies, then forwarders; scripts left behind earlier get the new bodies again (docs/architecture.md, "V8: the bridge").
 */
export async function followOldScripts(
  dbg: DebuggerSession,
  patched: LiveEdited[],
  fresh: Map<LiveEdited, unknown>,
  history: ScriptHistory,
  register: RegisterForwarder,
): Promise<void> {
  const trees = new Map<string, FunctionEntry[]>()
  for (const e of patched) {
    const { module, report, code } = e
    const file = module.file
    const earlier = history.get(file) ?? []
    if (e.bridge?.tooBig && fresh.has(e)) {
      const reason = `are not bridged: the file is too big to edit in place (${e.bridge.tooBig}); r restarts the file`
      addToReport(report, { updated: [], stale: [{ name: 'references captured before this save', reason }] })
      continue
    }
    const left = e.bridge && fresh.has(e) ? leftBehind(e) : undefined
    if (!left && earlier.length === 0) continue
    const next: NextCode = {
      code,
      functions: functionsOf(code, e.shape),
      tree() {
        const parsed = trees.get(code) ?? functionTree(code)
        trees.set(code, parsed)
        return parsed
      },
    }
    const kept: OldScript[] = []
    for (const old of earlier) {
      const followed = await followBodies(dbg, old, next, false)
      if (followed.gone) continue
      kept.push(old)
      addToReport(report, followed)
    }
    if (left && e.bridge) {
      const { removed, skipped } = forwardersOf(e.bridge, file, fresh.get(e), left, register)
      const followed = await followBodies(dbg, left, next, true)
      addToReport(report, followed)
      // a function no forwarder can reach is named only when its code changed and its new body could not go in
      const updated = new Set(followed.updated)
      const old = skipped.filter((s) => followed.changed?.has(s.name) && !updated.has(s.name))
      addToReport(report, { updated: [], stale: [...removed, ...old] })
      kept.push(left)
    }
    history.set(file, kept)
  }
}

function leftBehind({ bridge }: LiveEdited): OldScript | undefined {
  if (!bridge) return undefined
  return {
    scriptId: bridge.scriptId,
    prefix: bridge.live.prefix,
    suffix: bridge.live.suffix,
    base: bridge.live.code,
    functions: functionsOf(bridge.live.code, bridge.shape),
    bodies: [],
    forwarders: [],
    forwarded: new Set(),
    bridged: [],
    closures: bridge.closures,
  }
}
