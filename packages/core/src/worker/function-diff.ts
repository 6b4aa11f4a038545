import type { StaleName } from '../shared/report.js'
import { type FunctionEntry, functionTree, valueBindings } from './function-tree.js'

// What a save changed, function by function at every nesting level, and whether closures that already exist can be
// brought to the new body by editing the script they came from. Used to name what a patch changed, to name what stays
// old, and to write the new bodies into scripts a re-evaluation left behind (docs/architecture.md, "Never silent").

export interface ChangedFunction {
  /** `joinURL`, `onError in createFetch()` */
  name: string
  old: FunctionEntry
  fresh: FunctionEntry
  depth: number
  /** The names of the enclosing functions, innermost first. */
  outer: string[]
  /** Why closures made before the save cannot run the new body; unset when an edit of their script can do it. */
  blocked?: string
}

/** The functions whose own code differs between two trees, outermost first, each matched by name and order. */
export function changedFunctions(
  oldCode: string,
  oldTree: FunctionEntry[],
  newCode: string,
  newTree: FunctionEntry[],
): ChangedFunction[] {
  const changed: ChangedFunction[] = []
  const visit = (old: FunctionEntry, fresh: FunctionEntry, outer: Pair[], aroundChanged?: string) => {
    if (oldCode.slice(old.start, old.end) === newCode.slice(fresh.start, fresh.end)) return
    const name = outer.length === 0 ? old.name : `${old.name} in ${outer.map(([f]) => `${f.name}()`).join(' in ')}`
    const ownChanged = old.own !== fresh.own || oldCode.slice(old.start, old.bodyStart) !== head(newCode, fresh)
    if (ownChanged || aroundChanged) {
      const blocked = aroundChanged ?? blockedBy(oldCode, old, newCode, fresh, outer)
      const names = outer.map(([f]) => f.name).reverse()
      changed.push({ name, old, fresh, depth: outer.length, outer: names, ...(blocked && { blocked }) })
    }
    // closures of nested functions made before the save live in this function's context: a new layout leaves them old
    const around = aroundChanged ?? (ownChanged && old.layout !== fresh.layout ? `${old.name} changed around it` : '')
    if (!ownChanged || around)
      for (const [o, n] of pairs(old.children, fresh.children, oldCode, newCode))
        visit(o, n, [...outer, [old, fresh]], around || undefined)
  }
  for (const [o, n] of pairs(oldTree, newTree, oldCode, newCode)) visit(o, n, [])
  return changed
}

function head(code: string, entry: FunctionEntry): string {
  return code.slice(entry.start, entry.bodyStart)
}

export const PARAMETERS_CHANGED = 'its parameters changed'

type Pair = [FunctionEntry, FunctionEntry]

function blockedBy(
  oldCode: string,
  old: FunctionEntry,
  newCode: string,
  fresh: FunctionEntry,
  outer: Pair[],
): string | undefined {
  if (head(oldCode, old) !== head(newCode, fresh)) return PARAMETERS_CHANGED
  // reading other names is fine while every enclosing context keeps its layout and the module's captures stay the same
  const [root] = outer[0] ?? [old, fresh]
  const layoutKept = outer.every(([o, n]) => o.layout === n.layout) && root.free === (outer[0]?.[1] ?? fresh).free
  if (old.free !== fresh.free && !layoutKept) return 'it reads other outside names now'
  if (old.concise !== fresh.concise || (old.concise && old.lastToken !== fresh.lastToken))
    return 'the last token of this arrow changed'
  return undefined
}

/**
 * Old and new entries paired: first those with the same text (so an added function, such as a runner's export getter,
 * does not shift the others), then the n-th of a name with the n-th.
 */
function pairs(old: FunctionEntry[], fresh: FunctionEntry[], oldCode: string, newCode: string): Pair[] {
  const text = (code: string, e: FunctionEntry) => code.slice(e.start, e.end)
  const byText = new Map<string, FunctionEntry[]>()
  for (const entry of fresh) push(byText, text(newCode, entry), entry)
  const taken = new Set<FunctionEntry>()
  const out: Pair[] = []
  const rest: FunctionEntry[] = []
  for (const entry of old) {
    const same = byText.get(text(oldCode, entry))?.shift()
    if (same) {
      taken.add(same)
      out.push([entry, same])
    } else rest.push(entry)
  }
  const byName = new Map<string, FunctionEntry[]>()
  for (const entry of fresh) if (!taken.has(entry)) push(byName, entry.name, entry)
  for (const entry of rest) {
    const match = byName.get(entry.name)?.shift()
    if (match) out.push([entry, match])
  }
  return out
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/**
 * The name to list a changed function under as updated: its own, or for an anonymous callback the nearest named
 * function around it (`total` for `prices.reduce((a, b) => a - b)`); none for an anonymous one at the top level.
 */
export function updatedName(change: ChangedFunction): string | undefined {
  const name = change.old.name !== '<anonymous>' ? change.name : change.outer.find((n) => n !== '<anonymous>')
  return name && !isInstrumentation(name) ? name : undefined
}

/**
 * Coverage instrumentation adds a function per file whose body holds the file's hash (istanbul, as Jest's `--coverage`
 * and babel-plugin-istanbul run it: `cov_1a2b3c()`): it changes with every save and is none of the person's code.
 */
function isInstrumentation(name: string): boolean {
  return /^cov_[a-z0-9]+(\(\))?$/.test(name.split(' in ').at(-1) ?? name)
}

/** The stale entry for a changed function whose closures made before the save keep running its old body. */
export function staleClosure(change: ChangedFunction): StaleName {
  return {
    name: change.name,
    reason: `closures made before this save keep old code: ${change.blocked}; r restarts the file`,
  }
}

/**
 * After a re-evaluation, the outer functions whose behaviour the save changed: their own code, or a top-level value
 * they read (`const RATE = 2` → `1.5` changes `withTax`). Exports outside this set are new objects with the same code.
 */
export function changedBehaviour(oldCode: string, newCode: string): Set<string> {
  const before = valueBindings(oldCode)
  const after = valueBindings(newCode)
  const values = new Set([...after].filter(([name, text]) => before.get(name) !== text).map(([name]) => name))
  for (const name of before.keys()) if (!after.has(name)) values.add(name)
  const oldTree = functionTree(oldCode)
  const newTree = functionTree(newCode)
  const outermost = (name: string) => (name.split(' in ').at(-1) as string).replace(/\(\)$/, '')
  const names = new Set(changedFunctions(oldCode, oldTree, newCode, newTree).map((c) => outermost(c.name)))
  for (const entry of newTree) if (entry.free.split(',').some((name) => values.has(name))) names.add(entry.name)
  return names
}
