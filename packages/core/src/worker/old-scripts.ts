import type { FileReport, StaleName } from '../shared/report.js'
import { applyEdits, type Edit } from './bridge-source.js'
import type { DebuggerSession } from './debugger-session.js'
import { type ChangedFunction, changedFunctions, staleClosure, updatedName } from './function-diff.js'
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
  /** Bodies of changed functions, put in at the last save, and the forwarders put in when it was left behind. */
  bodies: Edit[]
  forwarders: Edit[]
  /** Top-level functions that forward to their new versions, and the old function objects to verify them by. */
  forwarded: Set<string>
  bridged: Held[]
  /** Reachable functions made inside its functions (held in exports): V8 moves them away if it left them old. */
  closures: Held[]
  /** The text last set, so a save that changes nothing for this script costs no edit. */
  text?: string
}

/** The text of every outer function of a module, in order: a cheap test of whether any function changed. */
export function functionsOf(code: string, shape: ModuleShape): string {
  return shape.sites.map((site) => code.slice(site.start, site.end)).join('\0')
}

/** A function to verify by, held weakly: holding it would keep its script and everything it reaches alive. */
export interface Held {
  name: string
  fn: WeakRef<Function>
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

/** The code on disk after a save, as the old scripts need it. */
export interface NextCode {
  code: string
  /** `functionsOf` the code: equal to a script's means no function changed. */
  functions: string
  tree(): FunctionEntry[]
}

/**
 * Brings an old script to the bodies of the code on disk. For the script a re-evaluation just left behind (`leftNow`)
 * its forwarders go in too. V8 diffs a run of adjacent changed lines as one hunk when it is long, and a hunk over a
 * function's first line leaves it old; edits on adjacent lines therefore go in by separate passes (docs/architecture.md,
 * "V8: how functions are matched"). Each pass costs a heap scan ("V8: costs"), so there are as few as the lines allow,
 * usually one or two. Later saves change only bodies, between forwarders that stay: one pass.
 */
export async function followBodies(
  dbg: DebuggerSession,
  old: OldScript,
  next: NextCode,
  leftNow: boolean,
): Promise<Followed> {
  const { followed, open } = planBodies(old, next)
  const edits = [...old.bodies, ...old.forwarders]
  let status = 'Ok'
  const done: Edit[] = []
  for (const pass of leftNow ? passes(old.base, edits) : [edits]) {
    done.push(...pass)
    status = await edit(dbg, old, done)
    if (status !== 'Ok') break
  }
  const settled = settle(dbg, old, followed, open, status)
  if (!leftNow || settled.gone) return settled
  const reason = 'references captured before this edit keep old code'
  if (status !== 'Ok') settled.stale.push(...old.bridged.map(({ name }) => ({ name, reason })))
  else settled.stale.push(...verify(dbg, old, old.bridged, reason))
  return settled
}

/** Which changed functions get their new body in `old`, and which are named stale. */
function planBodies(old: OldScript, { code, functions, tree }: NextCode) {
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
  return { followed, open }
}

function settle(dbg: DebuggerSession, old: OldScript, followed: Followed, open: ChangedFunction[], status: string) {
  if (status === GONE) return { ...followed, gone: true }
  if (status !== 'Ok') {
    for (const change of open) followed.stale.push({ ...staleOf(change), reason: refused(change, status) })
    return followed
  }
  for (const change of open) {
    const name = change.depth === 0 && old.forwarded.has(change.name) ? undefined : updatedName(change)
    if (name) followed.updated.push(name)
  }
  followed.stale.push(...verify(dbg, old, old.closures, 'closures made before this save keep old code'))
  return followed
}

/** Edits grouped so that no two in a group touch the same or adjacent lines; each group is one pass. */
function passes(code: string, edits: Edit[]): Edit[][] {
  const lineOf = lineIndex(code)
  const groups: { edits: Edit[]; lastLine: number }[] = []
  for (const e of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const first = lineOf(e.start)
    const last = lineOf(e.end)
    const group = groups.find((g) => g.lastLine < first - 1)
    if (group) {
      group.edits.push(e)
      group.lastLine = last
    } else groups.push({ edits: [e], lastLine: last })
  }
  return groups.map((g) => g.edits)
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

function verify(dbg: DebuggerSession, old: OldScript, held: Held[], reason: string): StaleName[] {
  const stale: StaleName[] = []
  for (const { name, fn } of held) {
    const alive = fn.deref()
    if (alive && dbg.functionLocation(alive)?.scriptId !== old.scriptId) stale.push({ name, reason })
  }
  return stale
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
