import { type Options, parse, type Token } from 'acorn'
import type * as ESTree from 'estree'
import isReference from 'is-reference'
import { analyze, extract_names, type Scope } from 'periscopic'
import { walk } from 'zimmerframe'
import { hashText } from './hash.js'

// One parse of a module's code (as the runner hands it over, after its own transform) into what the instrumentation
// and the engine need: every function with a stable id, the scope each one lives in, the top-level statements and
// what they declare (docs/architecture.md, "Instrumentation").

export type FunctionNode = ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression
export type Ranged<T> = T & { start: number; end: number }
type Node = Ranged<ESTree.Node>

/** How a new version of a function is compiled and called (docs/architecture.md, "Compiling a new version"). */
export type FunctionKind = 'function' | 'arrow' | 'method' | 'get' | 'set' | 'field' | 'constructor'

export interface FunctionSite {
  /** Stable across saves: the path of names from the top level (`createClient/get`, `Box#get`, `test(adds)`). */
  id: string
  kind: FunctionKind
  node: Ranged<FunctionNode>
  /** Where the text to compile starts: the member's key for methods, the function itself otherwise. */
  start: number
  end: number
  async: boolean
  generator: boolean
  /** Class members and class field arrows: the class whose static block gives their scope. */
  classId?: string
  static?: boolean
  /** The member key's text (methods, accessors). */
  key?: string
  /** The accessor binding of the scope the function is defined in; '' for class members (found from `this`). */
  scope: string
  /** Identity of this version's code at this place: its text and position (docs/architecture.md, "The check"). */
  hash: number
  line: number
  column: number
  /** Not instrumented: constructors and getters that only return a name (the runner's export getters). */
  plain: boolean
  /** The function a module is wrapped in, called once at load (tsx's CommonJS output): its own code never runs again. */
  wrapper?: boolean
  /**
   * Called where it is defined, by a top-level statement (`var Tone = ((Tone) => {…})(Tone || {})`, a TypeScript enum):
   * it ran once, with its statement; its code is that statement's own, which runs again when it changes.
   */
  withStatement?: boolean
  /** Index of the top-level statement that holds it. */
  top: number
  parent?: FunctionSite
}

export interface ClassSite {
  id: string
  node: Ranged<ESTree.Class>
  top: number
}

export interface TopStatement {
  node: Node
  /** The statement, or the declaration an `export` statement holds. */
  declaration: Node
  /** Names it declares in the module scope. */
  declares: string[]
  kind: 'function' | 'class' | 'var' | 'other'
}

/** A scope that needs its own accessor, and where the accessor goes. */
export interface AccessorScope {
  name: string
  node: Node
}

export interface ModuleMap {
  code: string
  program: Ranged<ESTree.Program>
  functions: FunctionSite[]
  classes: ClassSite[]
  top: TopStatement[]
  /** Names the module scope declares. */
  topNames: Set<string>
  /** Scopes that hold nested functions, with the accessor name the functions' checks use. */
  accessors: AccessorScope[]
  /** Where the module prologue goes: after the directives. */
  prologueAt: number
  scopes: WeakMap<ESTree.Node, Scope>
  root: Scope
}

const PARSE_OPTIONS: Options = {
  ecmaVersion: 'latest',
  sourceType: 'script',
  allowReturnOutsideFunction: true,
  allowAwaitOutsideFunction: true,
  allowHashBang: true,
  allowImportExportEverywhere: true,
}

export class ModuleSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message)
  }
}

export function parseModule(code: string, onToken?: Token[]): Ranged<ESTree.Program> {
  try {
    return parse(code, { ...PARSE_OPTIONS, ...(onToken && { onToken }) }) as unknown as Ranged<ESTree.Program>
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc
    if (loc) throw new ModuleSyntaxError((error as Error).message.replace(/ \(\d+:\d+\)$/, ''), loc.line, loc.column)
    throw error
  }
}

/** `withTokens`: keep the code's tokens too, from the same parse (a save needs them: ownCodeHashes, topCodeHashes). */
export function mapModule(code: string, { withTokens = false } = {}): ModuleMap {
  const tokens: Token[] | undefined = withTokens ? [] : undefined
  const program = parseModule(code, tokens)
  const { map: scopes, scope: root } = analyze(program as ESTree.Node)
  const lines = lineStarts(code)
  const functions: FunctionSite[] = []
  const classes: ClassSite[] = []
  const accessors: AccessorScope[] = [{ name: '__mp$s0', node: program }]
  const accessorOf = new Map<ESTree.Node, string>([[program, '__mp$s0']])
  const siblings = new Map<string, Map<string, number>>()

  function uniqueId(parentId: string, name: string): string {
    let seen = siblings.get(parentId)
    if (!seen) {
      seen = new Map()
      siblings.set(parentId, seen)
    }
    const count = (seen.get(name) ?? 0) + 1
    seen.set(name, count)
    const own = count === 1 ? name : `${name}#${count}`
    return parentId ? `${parentId}/${own}` : own
  }

  /** The accessor a function defined under `path` uses: the nearest scope that declares names, or a function's. */
  function scopeFor(path: Node[]): string {
    for (let i = path.length - 1; i >= 0; i--) {
      const node = path[i] as Node
      if (isFunction(node)) return ensureAccessor(node)
      if (node.type === 'Program') return '__mp$s0'
      const scope = scopes.get(node)
      if (scope && scope.declarations.size > 0 && accessorNode(node, path[i + 1])) return ensureAccessor(node)
    }
    return '__mp$s0'
  }

  function ensureAccessor(node: ESTree.Node): string {
    let name = accessorOf.get(node)
    if (!name) {
      name = `__mp$s${accessors.length}`
      accessorOf.set(node, name)
      accessors.push({ name, node: node as Node })
    }
    return name
  }

  const top: TopStatement[] = program.body.map((statement) => topStatement(statement as Node))
  const topNames = new Set(root.declarations.keys())

  interface State {
    fn?: FunctionSite
    classId?: string
    parentId: string
    top: number
  }
  for (const [index, statement] of program.body.entries()) {
    walk(statement as ESTree.Node, { parentId: '', top: index } as State, {
      _(node, { path, next, state }) {
        const n = node as Node
        if (n.type === 'ClassDeclaration' || n.type === 'ClassExpression') {
          const id = uniqueId(state.parentId, `${className(n, path as Node[])}`)
          classes.push({ id, node: n as Ranged<ESTree.Class>, top: state.top })
          return next({ ...state, classId: id, parentId: id })
        }
        if (!isFunction(n)) return next()
        const site = siteOf(n as Ranged<FunctionNode>, path as Node[], state)
        functions.push(site)
        // a module wrapped in a function called at once (tsx's CommonJS output): its functions are named as the
        // module's own (`answer`, not `answer#2 in call()`)
        if (state.parentId === '' && isModuleWrapper(n, path as Node[])) site.wrapper = true
        else if ((!state.fn || state.fn.wrapper) && calledWhereDefined(n, path as Node[])) site.withStatement = true
        const parentId = site.wrapper ? '' : site.id
        return next({ ...state, fn: site, parentId, classId: undefined })
      },
    })
  }

  function siteOf(node: Ranged<FunctionNode>, path: Node[], state: State): FunctionSite {
    const parent = path.at(-1)
    const member =
      parent &&
      (parent.type === 'MethodDefinition' || (parent.type === 'Property' && (parent.method || parent.kind !== 'init')))
        ? (parent as Ranged<ESTree.MethodDefinition | ESTree.Property>)
        : undefined
    const inClass = member?.type === 'MethodDefinition' && state.classId !== undefined
    const field = !member && parent?.type === 'PropertyDefinition' && node.type === 'ArrowFunctionExpression'
    let kind: FunctionKind = node.type === 'ArrowFunctionExpression' ? 'arrow' : 'function'
    if (member)
      kind =
        member.kind === 'get' || member.kind === 'set'
          ? member.kind
          : member.kind === 'constructor'
            ? 'constructor'
            : 'method'
    if (field && state.classId !== undefined) kind = 'field'
    const isStatic = Boolean(
      (member as ESTree.MethodDefinition | undefined)?.static ??
        (field && (parent as ESTree.PropertyDefinition).static),
    )
    const key = member ? keyText(code, member) : undefined
    const compiled = inClass ? undefined : compiledClassMember(path)
    const getter = aliasGetter(node, path)
    const named = inClass
      ? `${isStatic ? '.' : '#'}${kind === 'get' || kind === 'set' ? `${kind} ` : ''}${key}`
      : (compiled ?? functionName(node, path, code))
    // a runner's export getter is named as such: the function it exports keeps the plain name
    const name = getter ? `${named}:getter` : named
    const id =
      inClass || compiled ? uniqueId('', inClass ? `${state.parentId}${name}` : name) : uniqueId(state.parentId, name)
    const start = member ? member.start : node.start
    const { line, column } = position(lines, node.start)
    // an arrow whose parameters hold a function has no place for its check: the parameters run before the body
    const paramsHoldFunction = (kind === 'arrow' || kind === 'field') && node.params.some(containsFunction)
    const plain = kind === 'constructor' || getter || paramsHoldFunction
    const scope = inClass || kind === 'field' ? '' : scopeFor(path)
    return {
      id,
      kind,
      node,
      start,
      end: member ? member.end : node.end,
      async: Boolean(node.async),
      generator: Boolean(node.generator),
      ...(state.classId !== undefined && (inClass || kind === 'field') && { classId: state.classId, static: isStatic }),
      ...(key !== undefined && { key }),
      scope,
      hash: hashText(`${line}:${column}:${code.slice(start, node.end)}`),
      line,
      column,
      plain,
      top: state.top,
      ...(state.fn && { parent: state.fn }),
    }
  }

  const map: ModuleMap = {
    code,
    program,
    functions,
    classes,
    top,
    topNames,
    accessors,
    prologueAt: directivesEnd(program),
    scopes,
    root,
  }
  if (tokens) TOKENS.set(map, tokens)
  return map
}

/** Whether an accessor can live in this scope-bearing node (function bodies, blocks, loops with their own scope). */
function accessorNode(node: ESTree.Node, child: ESTree.Node | undefined): boolean {
  switch (node.type) {
    case 'BlockStatement':
      return true
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
      // the loop's own bindings are seen from its body (one copy per iteration)
      return child === node.body
    default:
      return false
  }
}

function topStatement(node: Node): TopStatement {
  const inner = (
    node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration'
      ? (node.declaration ?? node)
      : node
  ) as Node
  const statement = { node, declaration: inner }
  if (inner.type === 'FunctionDeclaration' && inner.id)
    return { ...statement, declares: [inner.id.name], kind: 'function' }
  if (inner.type === 'ClassDeclaration' && inner.id) return { ...statement, declares: [inner.id.name], kind: 'class' }
  if (inner.type === 'VariableDeclaration')
    return { ...statement, declares: inner.declarations.flatMap((d) => extract_names(d.id)), kind: 'var' }
  if (inner.type === 'ImportDeclaration')
    return { ...statement, declares: inner.specifiers.map((s) => s.local.name), kind: 'var' }
  return { ...statement, declares: [], kind: 'other' }
}

function containsFunction(node: ESTree.Node): boolean {
  let found = false
  walk(node, null, {
    _(n, { next }) {
      if (isFunction(n) || n.type === 'ClassExpression') found = true
      else next()
    },
  })
  return found
}

export function isFunction(node: ESTree.Node): node is FunctionNode {
  return (
    node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression'
  )
}

/**
 * The runners' export and re-export getters, read on every access of an import: `get: function () { return m.name }`
 * (CommonJS output), `get() { return name }`, and Vite's `__vite_ssr_exportName__('name', () => { try { return name }
 * catch {} })`. They only read a binding, and the runner writes the same one for the same export: never checked.
 */
function aliasGetter(node: FunctionNode, path: Node[]): boolean {
  if (esbuildExportGetter(node, path)) return true
  const parent = path.at(-1)
  const getter =
    (parent?.type === 'Property' && parent.key.type === 'Identifier' && parent.key.name === 'get') ||
    (parent?.type === 'CallExpression' &&
      parent.callee.type === 'Identifier' &&
      parent.callee.name === '__vite_ssr_exportName__')
  if (!getter || node.params.length > 0 || node.body.type !== 'BlockStatement' || node.body.body.length !== 1)
    return false
  let only = node.body.body[0] as ESTree.Statement
  if (only.type === 'TryStatement' && !only.finalizer && only.handler?.body.body.length === 0) {
    if (only.block.body.length !== 1) return false
    only = only.block.body[0] as ESTree.Statement
  }
  if (only.type !== 'ReturnStatement' || !only.argument) return false
  let value: ESTree.Node = only.argument
  while (value.type === 'MemberExpression' && !value.computed) value = value.object
  return value.type === 'Identifier'
}

/** The callee of the call right around it: `(function () {…})()`, `((x) => {…})(y)`. */
function calledWhereDefined(node: Node, path: Node[]): boolean {
  const call = path.at(-1)
  return call?.type === 'CallExpression' && call.callee === (node as unknown as ESTree.Expression)
}

/** `(() => { …the module… })()` as a top-level statement: a function called at once, with no arguments. */
function isModuleWrapper(node: Node, path: Node[]): boolean {
  const call = path.at(-1)
  return (
    call?.type === 'CallExpression' &&
    call.callee === (node as unknown as ESTree.Expression) &&
    call.arguments.length === 0 &&
    path.at(-2)?.type === 'ExpressionStatement' &&
    path.length === 2
  )
}

/** esbuild's CommonJS export getter (tsx, and esbuild's own output): `__export(exports, { name: () => name })`. */
function esbuildExportGetter(node: FunctionNode, path: Node[]): boolean {
  const [call, object, property] = path.slice(-3) as (Node | undefined)[]
  return (
    property?.type === 'Property' &&
    object?.type === 'ObjectExpression' &&
    call?.type === 'CallExpression' &&
    call.callee.type === 'Identifier' &&
    call.callee.name === '__export' &&
    node.params.length === 0 &&
    node.body.type === 'Identifier'
  )
}

function className(node: Node, path: Node[]): string {
  const id = (node as ESTree.Class).id
  if (id) return id.name
  return bindingName(path) ?? (node.type === 'ClassDeclaration' ? 'default' : '<class>')
}

/**
 * A method of a class compiled to ES5 by Babel (preset-env for old targets): `_createClass(Duration, [{ key: 'as',
 * value: function as() {} }], [statics])` names `Duration#as` (`Duration.of` for statics), as the class would.
 */
function compiledClassMember(path: Node[]): string | undefined {
  const [call, list, entry, property] = path.slice(-4) as (Node | undefined)[]
  if (property?.type !== 'Property' || property.key.type !== 'Identifier' || property.key.name !== 'value') return
  if (entry?.type !== 'ObjectExpression' || list?.type !== 'ArrayExpression' || call?.type !== 'CallExpression') return
  const index = call.arguments.indexOf(list as ESTree.Expression)
  const cls = call.arguments[0]
  const key = entry.properties.find(
    (p): p is ESTree.Property => p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === 'key',
  )?.value
  if ((index !== 1 && index !== 2) || cls?.type !== 'Identifier') return
  if (key?.type !== 'Literal' || typeof key.value !== 'string') return
  return `${cls.name}${index === 1 ? '#' : '.'}${key.value}`
}

/** A readable, stable name for a function: its own, the name it is bound to, or the call it is passed to. */
function functionName(node: FunctionNode, path: Node[], code: string): string {
  if (node.type !== 'ArrowFunctionExpression' && node.id) return node.id.name
  const bound = bindingName(path)
  if (bound) return bound
  const parent = path.at(-1)
  // an IIFE (`var Duration = function () { … }()`, a compiled class): named by what it is bound to
  if (parent?.type === 'CallExpression' && parent.callee === node) {
    const result = bindingName(path.slice(0, -1))
    if (result) return result
  }
  if (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') {
    const callee = code.slice((parent.callee as Node).start, (parent.callee as Node).end)
    const label = parent.arguments.find((a) => a.type === 'Literal' && typeof a.value === 'string') as
      | ESTree.Literal
      | undefined
    const short = callee.length > 40 || callee.includes('\n') ? 'call' : callee.replace(/\s+/g, '')
    return label ? `${short}(${String(label.value).slice(0, 60)})` : `${short}()`
  }
  return '<anonymous>'
}

/** `const name = …`, `name = …`, `obj.name = …`, `{ name: … }`, `class { name = … }`. */
export function bindingName(path: ESTree.Node[]): string | undefined {
  const parent = path.at(-1)
  if (!parent) return undefined
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name
  if (parent.type === 'AssignmentExpression') {
    const left = parent.left
    if (left.type === 'Identifier') return left.name
    if (left.type === 'MemberExpression' && !left.computed && left.property.type === 'Identifier')
      return left.property.name
  }
  if ((parent.type === 'Property' || parent.type === 'PropertyDefinition') && !parent.computed) {
    const key = parent.key
    if (key.type === 'Identifier') return key.name
    if (key.type === 'Literal') return String(key.value)
  }
  return undefined
}

function keyText(code: string, member: Ranged<ESTree.MethodDefinition | ESTree.Property>): string {
  const key = member.key as Node
  const text = code.slice(key.start, key.end)
  if (member.computed) return `[${text}]`
  if (key.type === 'PrivateIdentifier') return `#${key.name}`
  return text
}

function directivesEnd(program: Ranged<ESTree.Program>): number {
  let at = 0
  for (const statement of program.body) {
    if (statement.type !== 'ExpressionStatement' || !('directive' in statement)) break
    at = (statement as unknown as Node).end
  }
  return at
}

export function lineStarts(code: string): number[] {
  const starts = [0]
  for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

/** 0-based line and column of an offset. */
export function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((starts[mid] as number) <= offset) lo = mid
    else hi = mid - 1
  }
  return { line: lo, column: offset - (starts[lo] as number) }
}

/**
 * Names a function reads from outside itself, by where the module's code declares them: the module scope, or an
 * enclosing function or block. Globals are left out.
 */
export function freeNames(map: ModuleMap, site: FunctionSite): { top: Set<string>; outer: Set<string> } {
  const top = new Set<string>()
  const outer = new Set<string>()
  const own = map.scopes.get(site.node)
  walk(site.node as ESTree.Node, null, {
    Identifier(node, { path }) {
      const parent = path.at(-1)
      if (!parent || !isReference(node, parent)) return
      let scope: Scope | undefined
      for (let i = path.length - 1; i >= 0 && !scope; i--) scope = map.scopes.get(path[i] as ESTree.Node)
      const owner = scope?.find_owner(node.name)
      if (!owner || within(owner, own)) return
      ;(owner === map.root ? top : outer).add(node.name)
    },
  })
  return { top, outer }
}

/** Names declared by the scopes between a function and the module scope (what closures made there can see). */
export function enclosingNames(map: ModuleMap, site: FunctionSite): Set<string> {
  const names = new Set<string>()
  let scope = map.scopes.get(site.node)?.parent ?? null
  while (scope && scope !== map.root) {
    for (const name of scope.declarations.keys()) names.add(name)
    scope = scope.parent
  }
  return names
}

/** Whether `owner` is `scope` or nested in it. */
export function within(owner: Scope, scope: Scope | undefined): boolean {
  for (let s: Scope | null = owner; s; s = s.parent) if (s === scope) return true
  return false
}

// tokens are read only at a save (never at load, where every module pays), with the parse of the fresh code; the
// version that runs now was the fresh one at the save before (or, at the first save, is parsed for them once)
const TOKENS = new WeakMap<ModuleMap, Token[]>()
function tokensOf(map: ModuleMap): Token[] {
  let tokens = TOKENS.get(map)
  if (!tokens) {
    tokens = []
    parseModule(map.code, tokens)
    TOKENS.set(map, tokens)
  }
  return tokens
}

/** Tokens of a function's own code (nested functions left out), hashed: what tells a real change from a move. */
export function ownCodeHashes(map: ModuleMap): Map<string, number> {
  const tokens = tokensOf(map)
  // a function called with its statement has no code of its own: its tokens are its statement's (or the wrapper's)
  const sites = map.functions.filter((site) => !site.withStatement).sort((a, b) => a.start - b.start)
  const parts = new Map<FunctionSite, string[]>(sites.map((s) => [s, []]))
  const open: FunctionSite[] = []
  let next = 0
  for (const token of tokens) {
    while (open.length > 0 && token.start >= (open.at(-1) as FunctionSite).end) open.pop()
    while (next < sites.length && (sites[next] as FunctionSite).start <= token.start) {
      const site = sites[next++] as FunctionSite
      while (open.length > 0 && site.start >= (open.at(-1) as FunctionSite).end) open.pop()
      open.push(site)
    }
    const inner = open.at(-1)
    if (inner && token.end <= inner.end) parts.get(inner)?.push(map.code.slice(token.start, token.end))
  }
  return new Map(sites.map((s) => [s.id, hashText((parts.get(s) as string[]).join(' '))]))
}

/** Tokens of each top-level statement outside its functions' code: equal means only functions changed in it. */
export function topCodeHashes(map: ModuleMap): number[] {
  const tokens = tokensOf(map)
  // a function called with its statement is part of its code; the functions inside it are not
  const cut = map.functions
    .filter((f) => (!f.parent || f.parent.withStatement) && !f.plain && !f.withStatement)
    .sort((a, b) => a.start - b.start)
  const parts: string[][] = map.top.map(() => [])
  let s = 0
  let c = 0
  let last = -1
  for (const token of tokens) {
    while (s < map.top.length && (map.top[s] as TopStatement).node.end <= token.start) s++
    const statement = map.top[s]
    if (!statement || token.start < statement.node.start) continue
    while (c < cut.length && (cut[c] as FunctionSite).end <= token.start) c++
    const fn = cut[c]
    const into = parts[s] as string[]
    if (fn && token.start >= fn.start && token.end <= fn.end) {
      if (last !== c) into.push('<fn>')
      last = c
    } else into.push(map.code.slice(token.start, token.end))
  }
  return parts.map((p) => hashText(p.join(' ')))
}
