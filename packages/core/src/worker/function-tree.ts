import type { Token } from 'acorn'
import type * as ESTree from 'estree'
import isReference from 'is-reference'
import { analyze, extract_names, type Scope } from 'periscopic'
import { walk } from 'zimmerframe'
import { within } from '../analysis/module-map.js'
import { bindingName, type FunctionNode, type FunctionSite, isFunction, parseEither, placeOf } from './source-shape.js'

// Every function literal of a module at every nesting level, with what V8 needs unchanged to bring closures that
// already exist to a new body: the names the function reads from outside itself (a different set moves variables
// between stack and context, and V8 then leaves the closures old) and, for concise arrows, the last token
// (docs/architecture.md, "V8: how functions are matched", "V8: silent Ok").

type Ranged<T> = T & { start: number; end: number }

/** A function at any depth: named, ranged and measured like an outer function site (`<anonymous>` when unnamed). */
export interface FunctionEntry
  extends Pick<FunctionSite, 'name' | 'start' | 'end' | 'bodyStart' | 'bodyEnd' | 'concise' | 'lastToken'> {
  /** The tokens of its own code, nested function bodies left out: equal means only nested functions changed. */
  own: string
  /** Module names read from outside the function (not globals), `this`/`arguments` of arrows included, sorted. */
  free: string
  /** Names its own scopes declare and the names its nested functions read: the layout of its context. */
  layout: string
  children: FunctionEntry[]
}

interface Building extends FunctionEntry {
  freeSet: Set<string>
  declared: Set<string>
  scope?: Scope
  ownTokens: string[]
  arrow: boolean
}

/** The function literals of `code` as a tree: outer functions (and class members) with their nested functions. */
export function functionTree(code: string): FunctionEntry[] {
  const tokens: Token[] = []
  const program = parseEither(code, tokens)
  const { map } = analyze(program as ESTree.Node)
  const roots: Building[] = []
  const all: Building[] = []
  walk(
    program as ESTree.Node,
    { fns: [] as Building[], classes: [] as string[] },
    {
      _(node, { path, next, state }) {
        const scope = map.get(node)
        const inner = state.fns.at(-1)
        if (scope && inner && !isFunction(node)) for (const name of scope.declarations.keys()) inner.declared.add(name)
        if (node.type === 'Identifier') {
          const parent = path.at(-1)
          if (parent && isReference(node, parent)) readName(node.name, path, map, state.fns)
          return
        }
        if (node.type === 'ThisExpression') {
          readThis(state.fns)
          return
        }
        if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
          const name = node.id?.name ?? (node.type === 'ClassExpression' ? bindingName(path) : 'default') ?? 'class'
          return next({ ...state, classes: [...state.classes, name] })
        }
        if (!isFunction(node)) return next()
        const entry = entryOf(node as Ranged<FunctionNode>, path, state.classes, scope)
        all.push(entry)
        if (inner) inner.children.push(entry)
        else roots.push(entry)
        next({ ...state, fns: [...state.fns, entry] })
      },
    },
  )
  splitTokens(code, tokens, all)
  for (const entry of all) finish(entry, tokens, code)
  return roots.sort((a, b) => a.start - b.start)
}

function entryOf(fn: Ranged<FunctionNode>, path: ESTree.Node[], classes: string[], scope?: Scope): Building {
  const declared = new Set<string>(scope ? scope.declarations.keys() : [])
  return {
    ...placeOf(fn, path, classes),
    own: '',
    free: '',
    layout: '',
    lastToken: '',
    children: [],
    freeSet: new Set(),
    declared,
    ...(scope && { scope }),
    ownTokens: [],
    arrow: fn.type === 'ArrowFunctionExpression',
  }
}

/** A reference is free in every enclosing function up to the one whose scopes declare it. */
function readName(name: string, path: ESTree.Node[], map: WeakMap<ESTree.Node, Scope>, fns: Building[]): void {
  if (name === 'arguments') {
    readThis(fns, name)
    return
  }
  let scope: Scope | undefined
  for (let i = path.length - 1; i >= 0 && !scope; i--) scope = map.get(path[i] as ESTree.Node)
  const owner = scope?.find_owner(name)
  if (!owner) return // a global: no context holds it, so reading it moves nothing
  for (let i = fns.length - 1; i >= 0; i--) {
    const fn = fns[i] as Building
    if (within(owner, fn.scope)) return
    fn.freeSet.add(name)
  }
}

/** `this` and `arguments` belong to the nearest function that is not an arrow. */
function readThis(fns: Building[], name = 'this'): void {
  for (let i = fns.length - 1; i >= 0; i--) {
    const fn = fns[i] as Building
    if (!fn.arrow) return
    fn.freeSet.add(name)
  }
}

/** Gives each token to the innermost function whose body holds it; one pass over tokens sorted by position. */
function splitTokens(code: string, tokens: Token[], all: Building[]): void {
  const byBody = [...all].sort((a, b) => a.bodyStart - b.bodyStart)
  const open: Building[] = []
  let next = 0
  for (const token of tokens) {
    while (open.length > 0 && token.start >= (open.at(-1) as Building).bodyEnd) open.pop()
    while (next < byBody.length && (byBody[next] as Building).bodyStart <= token.start) {
      const entry = byBody[next++] as Building
      while (open.length > 0 && entry.bodyStart >= (open.at(-1) as Building).bodyEnd) open.pop()
      open.push(entry)
    }
    const inner = open.at(-1)
    if (!inner || token.end > inner.bodyEnd) continue
    inner.ownTokens.push(code.slice(token.start, token.end))
  }
}

function finish(entry: Building, tokens: Token[], code: string): void {
  if (entry.concise) {
    const last = tokenEndingAt(tokens, entry.end)
    if (last) entry.lastToken = code.slice(last.start, last.end)
  }
  entry.own = entry.ownTokens.join(' ')
  entry.free = [...entry.freeSet].sort().join()
  const captured = new Set(
    (entry.children as Building[]).flatMap((child) => [...child.freeSet]).filter((n) => entry.declared.has(n)),
  )
  entry.layout = `${[...entry.declared].sort().join()}|${[...captured].sort().join()}`
  entry.ownTokens = []
}

function tokenEndingAt(tokens: Token[], end: number): Token | undefined {
  let lo = 0
  let hi = tokens.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const token = tokens[mid] as Token
    if (token.end < end) lo = mid + 1
    else if (token.end > end) hi = mid - 1
    else return token
  }
  return undefined
}

/**
 * The source text of each top-level binding that is not a function (constants, classes, imports), by name: a value
 * whose text changed makes every function reading it behave differently, though their own code is the same.
 */
export function valueBindings(code: string): Map<string, string> {
  const texts = new Map<string, string>()
  const program = parseEither(code, [])
  for (const statement of program.body) {
    const node = (
      statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration'
        ? (statement.declaration ?? statement)
        : statement
    ) as Ranged<ESTree.Node>
    const text = code.slice(node.start, node.end)
    if (node.type === 'VariableDeclaration')
      for (const declarator of node.declarations) {
        const init = declarator.init?.type
        if (init === 'ArrowFunctionExpression' || init === 'FunctionExpression') continue
        for (const name of extract_names(declarator.id)) texts.set(name, text)
      }
    else if (node.type === 'ClassDeclaration' && node.id) texts.set(node.id.name, text)
    else if (node.type === 'ImportDeclaration')
      for (const specifier of node.specifiers) texts.set(specifier.local.name, text)
  }
  return texts
}
