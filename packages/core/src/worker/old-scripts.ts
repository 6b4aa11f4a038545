import type { FileReport, StaleName } from '../shared/report.js'
import { applyEdits, type Edit } from './bridge-source.js'
import type { DebuggerSession } from './debugger-session.js'
import { type ChangedFunction, changedFunctions, staleClosure } from './function-diff.js'
import { type FunctionEntry, functionTree } from './function-tree.js'
import { setSource } from './live-edit.js'
import { firstFrom } from './script-text.js'
import type { ModuleShape } from './source-shape.js'

// A re-evaluation leaves the old script behind, and with it every closure made before the save: the result of a
// factory held by a test, listeners a factory registered, arrow-function fields of old instances. Forwarders reach
// only the old top-level functions; for the rest, the old script is edited so that each changed function gets its new
// body wherever V8 can re-point existing closures to it — the same literal, the same names read from outside, the same
// last token — and this again at every later save, so A→B→A keeps them on what is on disk
// (docs/architecture.md, "V8: how functions are matched", "V8: the bridge").

/** A script a re-evaluation left behind, and how it was edited since. */
export interface OldScript {
  scriptId: string
  prefix: string
  suffix: string
  /** The module code the script ran when it was left behind. */
  base: string
  tree?: FunctionEntry[]
  /** The functions of `base`, outer ones by their text: equal to the new code's means no function changed. */
  functions: string
  /** Bodies of changed functions, put in at the last save, and the forwarders inserted once. */
  bodies: Edit[]
  forwarders: Edit[]
  /** The forwarders are in (step two ran): every later edit keeps them. */
  inserted?: boolean
  /** Top-level functions that forward to their new versions, and the old function objects to verify them by. */
  forwarded: Set<string>
  bridged: { name: string; fn: Function }[]
  /** Reachable functions made inside its functions (held in exports): V8 moves them away if it left them old. */
  closures: { name: string; fn: Function }[]
  /** The text last set, so a save that changes nothing for this script costs no edit. */
  text?: string
}

/** The text of every outer function of a module, in order: a cheap test of whether any function changed. */
export function functionsOf(code: string, shape: ModuleShape): string {
  return shape.sites.map((site) => code.slice(site.start, site.end)).join('\0')
}

/** What editing the old scripts did, for the report. */
export interface Followed {
  updated: string[]
  stale: StaleName[]
  /** The script was collected: nothing made from it is left to run. */
  gone?: boolean
  /** Top-level functions whose code changed. */
  changed?: Set<string>
}

/** Step one for a script just left behind, and every later save for all of them: the changed bodies go in. */
export async function followBodies(
  dbg: DebuggerSession,
  old: OldScript,
  code: string,
  functions: string,
  tree: () => FunctionEntry[],
): Promise<Followed> {
  let changes: ChangedFunction[] = []
  if (functions !== old.functions) {
    old.tree ??= functionTree(old.base)
    changes = changedFunctions(old.base, old.tree, code, tree())
  }
  const open = changes.filter((c) => !c.blocked)
  // after a block body's `{`, where a forwarder goes too: the forwarder stays first and the edits do not overlap
  const inner = (e: FunctionEntry) => e.bodyStart + (e.concise ? 0 : 1)
  old.bodies = open.map((c) => ({
    start: inner(c.old),
    end: c.old.bodyEnd,
    text: code.slice(inner(c.fresh), c.fresh.bodyEnd),
  }))
  const changed = new Set(changes.filter((c) => c.depth === 0).map((c) => c.name))
  const followed: Followed = { updated: [], stale: [], changed }
  for (const change of changes) {
    if (change.depth === 0 && old.forwarded.has(change.name)) continue
    if (change.blocked) followed.stale.push(staleOf(change))
  }
  const status = await edit(dbg, old, [...old.bodies, ...(old.inserted ? old.forwarders : [])])
  if (status === GONE) return { ...followed, gone: true }
  if (status !== 'Ok') {
    for (const change of open) followed.stale.push({ ...staleOf(change), reason: refused(change, status) })
    return followed
  }
  followed.updated.push(...open.filter((c) => !(c.depth === 0 && old.forwarded.has(c.name))).map((c) => c.name))
  followed.stale.push(...verify(dbg, old, old.closures, 'closures made before this save keep old code'))
  return followed
}

/**
 * Step two for a script just left behind: its top-level functions forward to their new versions. V8 diffs changed
 * lines as one hunk when a run of adjacent changed lines is long, and a hunk over a function's first line leaves it
 * old: forwarders on even lines and on odd lines go in separately, so no two changed lines touch
 * (docs/architecture.md, "V8: how functions are matched").
 */
export async function insertForwarders(dbg: DebuggerSession, old: OldScript): Promise<StaleName[]> {
  if (old.forwarders.length === 0) return []
  const lineOf = lineIndex(old.base)
  const even = old.forwarders.filter((f) => lineOf(f.start) % 2 === 0)
  const reason = 'references captured before this edit keep old code'
  for (const pass of [even, old.forwarders]) {
    if (pass.length === 0) continue
    const status = await edit(dbg, old, [...old.bodies, ...pass])
    if (status !== 'Ok') return old.bridged.map(({ name }) => ({ name, reason }))
  }
  old.inserted = true
  return verify(dbg, old, old.bridged, reason)
}

/** The 0-based line of an offset, by binary search over the line starts of `code`. */
function lineIndex(code: string): (offset: number) => number {
  const starts = [{ start: 0 }]
  for (let at = code.indexOf('\n'); at !== -1; at = code.indexOf('\n', at + 1)) starts.push({ start: at + 1 })
  return (offset) => firstFrom(starts, offset + 1) - 1
}

const GONE = 'gone'

async function edit(dbg: DebuggerSession, old: OldScript, edits: Edit[]): Promise<string> {
  const text = old.prefix + applyEdits(old.base, edits) + old.suffix
  if (text === (old.text ?? old.prefix + old.base + old.suffix)) return 'Ok'
  try {
    const { status } = await setSource(dbg, old.scriptId, text)
    if (status === 'Ok') old.text = text
    return status
  } catch {
    return GONE // the script was collected: nothing made from it is left to run
  }
}

function verify(dbg: DebuggerSession, old: OldScript, fns: { name: string; fn: Function }[], reason: string) {
  return fns
    .filter(({ fn }) => dbg.functionLocation(fn)?.scriptId !== old.scriptId)
    .map(({ name }) => ({ name, reason }))
}

function staleOf(change: ChangedFunction): StaleName {
  if (change.depth > 0) return staleClosure(change)
  return {
    name: change.name,
    reason: `references taken before this save keep old code: ${change.blocked}; r restarts the file`,
  }
}

function refused(change: ChangedFunction, status: string): string {
  const who = change.depth > 0 ? 'closures made' : 'references taken'
  return `${who} before this save keep old code: the edit of the old script was refused (${status}); r restarts the file`
}

/** Adds names to a report once each, in a pass linear in their count. */
export function addToReport(report: FileReport, followed: Followed): void {
  const updated = new Set(report.updated)
  for (const name of followed.updated) {
    if (updated.has(name)) continue
    updated.add(name)
    report.updated.push(name)
  }
  const stale = new Set(report.stale.map((s) => s.name))
  for (const entry of followed.stale) {
    if (stale.has(entry.name)) continue
    stale.add(entry.name)
    report.stale.push(entry)
  }
}
