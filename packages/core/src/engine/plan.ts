import { parseExpressionAt } from 'acorn'
import type * as ESTree from 'estree'
import isReference from 'is-reference'
import type { Scope } from 'periscopic'
import { walk } from 'zimmerframe'
import {
  type ClassSite,
  enclosingNames,
  type FunctionSite,
  freeNames,
  lineStarts,
  type ModuleMap,
  ownCodeHashes,
  position,
  type Ranged,
  type TopStatement,
  topCodeHashes,
} from '../analysis/module-map.js'
import type { Instrumented } from '../instrument/instrument.js'
import type { ModuleRecord, Version } from '../runtime/runtime.js'
import { displayName } from './report.js'
import { versionSource } from './versions.js'

// A save as data (docs/architecture.md, "The path of a save"): what changed between the code a module instance runs
// and the code on disk, as operations that `apply` carries out and `report` describes. Nothing here runs user code.

export type Operation =
  /** A function's new version: every existing function object with this id runs it from its next call. */
  | { op: 'update'; id: string; version: Version; changed: boolean }
  /** A top-level function or class the save added: made once in the module scope, read through `l`. */
  | { op: 'define'; name: string; source: string }
  /** A top-level statement whose own code changed: run again in the module scope; `assign` its declared names. */
  | { op: 'rerun'; line: number; source: string; assign: string[]; added: string[]; exported?: string }
  /** A class member added (source gives [key, descriptor]) or removed (source null), on the old class. */
  | { op: 'member'; classId: string; name: string; key: string; static: boolean; source: string | null }
  | { op: 'stale'; name: string; reason: string }
  | { op: 'removed'; name: string }

export interface PlanOptions {
  /** The URL stack traces show for this file's code. */
  url: string
  /** Test and setup files: their top-level code registers tests and is never run again. */
  neverRerun: boolean
  /** The line in the file on disk of a line and column of the runner's code (its source map). */
  sourceLine(line: number, column: number): number
  /** The same, of the code the instance runs now. */
  sourceLineBefore?(line: number, column: number): number
  /** How the person loads the module anew, ending a reason a save cannot patch (RunnerAdapter.restart). */
  restart: string
}

export function planPatch(
  record: ModuleRecord,
  old: ModuleMap,
  fresh: Instrumented,
  options: PlanOptions,
): Operation[] {
  const late = new Set([...fresh.map.topNames].filter((name) => !record.names.has(name)))
  if (late.size > 0) readLateNames(fresh, late)
  return [...functionOperations(record, old, fresh, options), ...statementOperations(record, old, fresh, options, late)]
}

function functionOperations(
  record: ModuleRecord,
  old: ModuleMap,
  fresh: Instrumented,
  options: PlanOptions,
): Operation[] {
  const operations: Operation[] = []
  const oldById = new Map(old.functions.map((site) => [site.id, site]))
  const ownOld = ownCodeHashes(old)
  const ownNew = ownCodeHashes(fresh.map)
  const lines = lineStarts(fresh.map.code)
  for (const site of fresh.map.functions) {
    const before = oldById.get(site.id)
    const changed = before !== undefined && ownOld.get(site.id) !== ownNew.get(site.id)
    if (site.plain) {
      if (changed)
        operations.push({ op: 'stale', name: displayName(site.id), reason: plainReason(site, options.restart) })
      continue
    }
    // it ran once with its statement, which runs again when its code changes (statementOperations)
    if (site.withStatement) continue
    // what changed in it is the module's top level, which ran once inside it: a new version would never be called
    if (site.wrapper) {
      if (changed) operations.push({ op: 'stale', name: 'top level', reason: `${WRAPPED}; ${options.restart}` })
      continue
    }
    // this code is what runs already, where it was — unless only the source map moved it: a transform that drops
    // comments (Vite 7's esbuild) gives the same code for a save that only moved lines of the file, and the stacks
    // of the running code must follow the new map (docs/architecture.md, "A save as operations")
    if (record.v[site.id] === site.hash && !movedInFile(site, lines, options)) continue
    const outer = [...freeNames(fresh.map, site).outer]
    const version: Version = {
      hash: site.hash,
      source: versionSource(fresh, site, options.url),
      outer,
      ...(site.classId !== undefined && { classId: site.classId, static: Boolean(site.static) }),
    }
    operations.push({ op: 'update', id: site.id, version, changed })
    if (before && site.parent) {
      const had = enclosingNames(old, before)
      const missing = outer.filter((name) => !had.has(name))
      if (missing.length > 0)
        operations.push({
          op: 'stale',
          name: displayName(site.id),
          reason: `closures made before this save have no ${missing.map((m) => `\`${m}\``).join(', ')}: they keep the old code`,
        })
    }
  }
  return operations
}

const WRAPPED =
  "the module's code is wrapped in a function that ran once (tsx's CommonJS output): a statement changed there does not run again"

/** Whether a line of the function's code maps to another line of the file than it did. */
function movedInFile(site: FunctionSite, lines: number[], { sourceLine, sourceLineBefore }: PlanOptions): boolean {
  if (!sourceLineBefore) return false
  const last = position(lines, site.end).line + 1
  for (let line = site.line + 1; line <= last; line++)
    if (sourceLineBefore(line, 0) !== sourceLine(line, 0)) return true
  return false
}

function plainReason(site: FunctionSite, restart: string): string {
  if (site.kind === 'constructor') return `objects made from now on still run the old constructor; ${restart}`
  if (site.id.endsWith(':getter')) return `the runner's export getter is not patched; ${restart}`
  return `a function in its parameters keeps it on the old code; ${restart}`
}

function statementOperations(
  record: ModuleRecord,
  old: ModuleMap,
  fresh: Instrumented,
  options: PlanOptions,
  late: Set<string>,
): Operation[] {
  const operations: Operation[] = []
  const oldHashes = topCodeHashes(old)
  const newHashes = topCodeHashes(fresh.map)
  const unmatched = new Map<string, number>()
  const keyOf = (statement: TopStatement, hash: number) => `${statement.kind}:${statement.declares.join()}:${hash}`
  old.top.forEach((statement, i) => {
    const key = keyOf(statement, oldHashes[i] as number)
    unmatched.set(key, (unmatched.get(key) ?? 0) + 1)
  })
  const lines = lineStarts(fresh.map.code)
  const exportedBefore = new Set(old.top.map((statement) => exportAssigned(statement.node)))
  const oldClasses = new Map(old.classes.map((c) => [c.id, c]))
  fresh.map.top.forEach((statement, i) => {
    // a lone `;` (transforms leave them where they moved code away) does nothing to run again
    if (statement.node.type === 'EmptyStatement') return
    const key = keyOf(statement, newHashes[i] as number)
    const left = unmatched.get(key) ?? 0
    if (left > 0) {
      unmatched.set(key, left - 1)
      return
    }
    const at = position(lines, statement.node.start)
    const line = options.sourceLine(at.line + 1, at.column)
    // an ES module's `export` is the module's, not the statement's: what runs again is the declaration it holds
    const text = fresh.edits.slice(statement.declaration.start, statement.declaration.end)
    const name = statement.declares[0] as string
    const linked = linkedOnly(statement)
    if (linked) {
      operations.push({ op: 'stale', name: `line ${line}`, reason: `${linked}; ${options.restart}` })
      return
    }
    if (statement.kind === 'function') {
      if (late.has(name) && !(name in record.l)) operations.push({ op: 'define', name, source: `(${text})` })
      return
    }
    if (statement.kind === 'class') {
      const site = fresh.map.classes.find((c) => c.node === statement.declaration)
      if (late.has(name) && !(name in record.l)) operations.push({ op: 'define', name, source: `(${text})` })
      else if (site) operations.push(...classOperations(old, fresh, site, oldClasses.get(site.id), options.restart))
      return
    }
    // a statement that awaits runs in an async function; any other runs synchronously, so that a save's statements
    // run in one go, inside the Ctrl-C guard of `apply` (docs/architecture.md, "A save as operations")
    const wrap = (body: string) => (awaits(statement.node) ? `(async () => { ${body}\n})()` : `(() => { ${body}\n})()`)
    if (statement.kind === 'var') {
      operations.push({
        op: 'rerun',
        line,
        source: wrap(`${text}\n; return [${statement.declares.join(', ')}]`),
        assign: statement.declares,
        added: statement.declares.filter((n) => !old.topNames.has(n)),
      })
      return
    }
    if (options.neverRerun) {
      operations.push({
        op: 'stale',
        name: `line ${line}`,
        reason: `top-level code of a test or setup file is never run again; ${options.restart}`,
      })
      return
    }
    const exported = exportAssigned(statement.node)
    const added = exported && !exportedBefore.has(exported) ? [exported] : []
    operations.push({ op: 'rerun', line, source: wrap(text), assign: [], added, exported })
  })
  const freshNames = fresh.map.topNames
  for (const name of old.topNames) if (!freshNames.has(name)) operations.push({ op: 'removed', name })
  return operations
}

/**
 * ES module syntax that only linking runs: an import, an export list, a default export's value. None can run again in
 * a module that is loaded; says why, or undefined for any other statement.
 */
function linkedOnly({ node, declaration, kind }: TopStatement): string | undefined {
  if (node.type === 'ImportDeclaration')
    return 'an import does not run again in a loaded ES module (what it imports is missing)'
  if (node.type === 'ExportAllDeclaration' || (node.type === 'ExportNamedDeclaration' && declaration === node))
    return 'an export list does not run again in a loaded ES module'
  if (node.type === 'ExportDefaultDeclaration' && kind === 'other')
    return "a default export's value does not change in a loaded ES module"
  return undefined
}

/** A class that was there before: members added or removed on the old class; other changes named. */
function classOperations(
  old: ModuleMap,
  fresh: Instrumented,
  site: ClassSite,
  before: ClassSite | undefined,
  restart: string,
): Operation[] {
  if (!before) return []
  const operations: Operation[] = []
  const members = (map: ModuleMap, cls: ClassSite) =>
    new Map(
      map.functions
        .filter((f) => f.classId === cls.id && f.kind !== 'field' && f.kind !== 'constructor')
        .map((f) => [f.id, f]),
    )
  const was = members(old, before)
  const now = members(fresh.map, site)
  for (const [id, member] of now) {
    if (was.has(id)) continue
    if (member.key?.startsWith('#')) {
      operations.push({
        op: 'stale',
        name: displayName(id),
        reason: `a new #private member cannot be added to a class that exists; ${restart}`,
      })
      continue
    }
    const text = fresh.edits.slice(member.start, member.end).replace(/^static\s+/, '')
    operations.push({
      op: 'member',
      classId: site.id,
      name: displayName(id),
      key: member.key ?? '',
      static: Boolean(member.static),
      source: `(() => { const __mp$o = { ${text} }; ${member.static ? 'Object.setPrototypeOf(__mp$o, Object.getPrototypeOf(this))' : 'Object.setPrototypeOf(__mp$o, Object.getPrototypeOf(this.prototype))'}; const k = Reflect.ownKeys(__mp$o)[0]; return [k, Object.getOwnPropertyDescriptor(__mp$o, k)] })()`,
    })
  }
  for (const [id, member] of was) {
    if (now.has(id)) continue
    const computed = member.key?.startsWith('[') || member.key?.startsWith('#')
    operations.push({
      op: 'member',
      classId: site.id,
      name: displayName(id),
      key: computed ? '' : propertyKey(member.key ?? ''),
      static: Boolean(member.static),
      source: null,
    })
  }
  if (classShape(old, before) !== classShape(fresh.map, site))
    operations.push({
      op: 'stale',
      name: displayName(site.id),
      reason: `its constructor, fields or base class changed: objects made from now on still get the old ones; ${restart}`,
    })
  return operations
}

/** A method's property key from its text: a name as it is, a string or number literal as the key it makes. */
function propertyKey(text: string): string {
  if (!/^['"\d.]/.test(text)) return text
  return String((parseExpressionAt(text, 0, { ecmaVersion: 'latest' }) as unknown as ESTree.Literal).value)
}

/** The class's code without its methods' code: what a save cannot bring to a class that exists. */
function classShape(map: ModuleMap, cls: ClassSite): string {
  const cuts = map.functions
    .filter((f) => f.classId === cls.id && !f.plain && f.kind !== 'field')
    .sort((a, b) => a.start - b.start)
  let text = ''
  let at = cls.node.start
  for (const cut of cuts) {
    text += map.code.slice(at, cut.start)
    at = cut.end
  }
  text += map.code.slice(at, cls.node.end)
  return text.replace(/\s+/g, ' ')
}

/** References to top-level names the module scope does not hold read them from the record (`__mp$.l.name`). */
function readLateNames(fresh: Instrumented, late: Set<string>): void {
  const { map, edits } = fresh
  walk(map.program as ESTree.Node, null, {
    Identifier(node, { path }) {
      if (!late.has(node.name)) return
      const parent = path.at(-1)
      if (!parent || !isReference(node, parent) || declares(node, path)) return
      let scope: Scope | undefined
      for (let i = path.length - 1; i >= 0 && !scope; i--) scope = map.scopes.get(path[i] as ESTree.Node)
      if ((scope ?? map.root).find_owner(node.name) !== map.root) return
      const { start, end } = node as Ranged<ESTree.Identifier>
      const shorthand = parent.type === 'Property' && parent.shorthand
      edits.overwrite(start, end, `${shorthand ? `${node.name}: ` : ''}__mp$.l.${node.name}`)
    },
  })
}

/** Whether a top-level statement awaits (an `await` or `for await` outside any function of it). */
function awaits(node: ESTree.Node): boolean {
  let found = false
  const outside = (child: ESTree.Node, { next }: { next(): void }) => {
    if (child === node) next()
  }
  walk(node, null, {
    AwaitExpression() {
      found = true
    },
    ForOfStatement(child, { next }) {
      if (child.await) found = true
      next()
    },
    FunctionDeclaration: outside,
    FunctionExpression: outside,
    ArrowFunctionExpression: outside,
  })
  return found
}

/**
 * The name a statement exports, when that is all it does: CommonJS' `exports.RATE = 3`, and the export getters Vite's
 * SSR transform adds (`Object.defineProperty(__vite_ssr_exports__, "RATE", …)`, `__vite_ssr_exportName__("RATE", …)`).
 */
function exportAssigned(node: ESTree.Node): string | undefined {
  if (node.type !== 'ExpressionStatement') return undefined
  if (node.expression.type === 'CallExpression') return viteExport(node.expression)
  if (node.expression.type !== 'AssignmentExpression') return undefined
  const left = node.expression.left
  if (left.type !== 'MemberExpression' || left.computed || left.property.type !== 'Identifier') return undefined
  const target = left.object
  const isExports =
    (target.type === 'Identifier' && target.name === 'exports') ||
    (target.type === 'MemberExpression' &&
      target.object.type === 'Identifier' &&
      target.object.name === 'module' &&
      target.property.type === 'Identifier' &&
      target.property.name === 'exports')
  return isExports ? left.property.name : undefined
}

function viteExport(call: ESTree.CallExpression): string | undefined {
  const { callee } = call
  const [first, second] = call.arguments
  const named = (arg: ESTree.Node | undefined) =>
    arg?.type === 'Literal' && typeof arg.value === 'string' ? arg.value : undefined
  if (callee.type === 'Identifier' && callee.name === '__vite_ssr_exportName__') return named(first)
  const defines =
    callee.type === 'MemberExpression' &&
    callee.object.type === 'Identifier' &&
    callee.object.name === 'Object' &&
    callee.property.type === 'Identifier' &&
    callee.property.name === 'defineProperty' &&
    first?.type === 'Identifier' &&
    first.name === '__vite_ssr_exports__'
  return defines ? named(second) : undefined
}

/** Whether `node` is the name a declaration binds (`function helper`, `const [a, { b }] = …`), not a reference. */
function declares(node: ESTree.Identifier, path: ESTree.Node[]): boolean {
  let child: ESTree.Node = node
  for (let i = path.length - 1; i >= 0; i--) {
    const parent = path[i] as ESTree.Node
    switch (parent.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ClassDeclaration':
      case 'ClassExpression':
        return parent.id === child
      case 'VariableDeclarator':
        return parent.id === child
      case 'ArrayPattern':
      case 'ObjectPattern':
      case 'RestElement':
        break
      case 'AssignmentPattern':
        if (parent.left !== child) return false
        break
      case 'Property':
        if (parent.value !== child) return false
        break
      default:
        return false
    }
    child = parent
  }
  return false
}
