import { type Options, parse, type Token } from 'acorn'
import type * as ESTree from 'estree'
import isReference from 'is-reference'
import { analyze, type Scope } from 'periscopic'
import { walk } from 'zimmerframe'
import { ModuleSyntaxError } from '../analysis/module-map.js'

// What V8 LiveEdit can and cannot apply, decided from the code alone (docs/architecture.md, "V8: silent Ok"):
// it patches function bodies in place, but never re-runs top-level code, and leaves functions silently stale when
// a literal's first/last token changes (concise arrows) or when the set of top-level bindings that closures
// capture changes (a new import, a new helper). We compare the old and new module code for exactly those facts.

export type FunctionNode = ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression
type Ranged<T> = T & { start: number; end: number }

/** A function literal that is not nested in another function's body: the ones a patch can reach by name. */
export interface FunctionSite {
  /** `double`, `Counter#inc`, `Counter.create`, `handlers.onSave` */
  name: string
  /** Range of the whole definition (for methods: key and value), to match V8's [[FunctionLocation]]. */
  start: number
  end: number
  bodyStart: number
  bodyEnd: number
  concise: boolean
  async: boolean
  generator: boolean
  arrow: boolean
  constructor: boolean
  /** Parameter names when all are plain identifiers (`...rest` allowed); null otherwise. */
  simpleParams: { name: string; rest: boolean }[] | null
  /** The body starts with a directive such as "use strict": text cannot be inserted before it. */
  directive: boolean
  /** For class members: the member key and where it lives. */
  member?: { key: string; static: boolean; kind: 'method' | 'get' | 'set' | 'constructor' }
  /** Last token of a concise arrow body: V8 leaves the arrow stale when it changes. */
  lastToken: string
}

export interface ClassSite {
  name: string
  start: number
  end: number
}

export interface ModuleShape {
  sites: FunctionSite[]
  /** Classes outside function bodies; their methods are in `sites`. */
  classes: ClassSite[]
  /** Tokens outside function bodies, joined: equal skeletons mean only function bodies changed. */
  skeleton: string
  /** Top-level bindings that some function captures, in declaration order (V8 context slots). Computed on first use. */
  readonly captured: string[]
}

const PARSE_OPTIONS: Options = {
  ecmaVersion: 'latest',
  allowReturnOutsideFunction: true,
  allowAwaitOutsideFunction: true,
  allowHashBang: true,
}

export function analyzeModule(code: string): ModuleShape {
  const tokens: Token[] = []
  const program = parseEither(code, tokens)
  const sites: FunctionSite[] = []
  const classes: ClassSite[] = []
  collectSites(program, sites, classes)
  let captured: string[] | undefined
  return {
    sites,
    classes,
    skeleton: skeletonOf(code, tokens, sites),
    // only a body-only edit needs it, and scope analysis is the costliest part on large modules. Parsed again
    // then, rather than keeping the syntax tree alive in every cached shape.
    get captured() {
      captured ??= capturedBindings(parseEither(code, []))
      return captured
    },
  }
}

export type Classification = { kind: 'unchanged' } | { kind: 'bodies' } | { kind: 'structural'; reason: string }

/** Decides whether a live edit can bring `before` to `after` without leaving anything stale. */
export function classifyEdit(before: ModuleShape, after: ModuleShape): Classification {
  if (before.skeleton !== after.skeleton) return { kind: 'structural', reason: 'top-level code changed' }
  if (before.captured.join() !== after.captured.join())
    return { kind: 'structural', reason: 'functions capture a different set of top-level bindings' }
  for (const [i, old] of before.sites.entries()) {
    const now = after.sites[i]
    if (old.concise && now && old.lastToken !== now.lastToken)
      return { kind: 'structural', reason: `the last token of arrow function ${old.name} changed` }
  }
  return { kind: 'bodies' }
}

/** Parses module code as a script, else as a module; syntax errors carry their line. */
export function parseEither(code: string, tokens: Token[]): ESTree.Program {
  const attempt = (sourceType: 'script' | 'module') => {
    tokens.length = 0
    return parse(code, { ...PARSE_OPTIONS, sourceType, onToken: tokens }) as unknown as ESTree.Program
  }
  try {
    return attempt('script')
  } catch {
    try {
      return attempt('module')
    } catch (error) {
      const { line = 1, column = 0 } = (error as { loc?: { line: number; column: number } }).loc ?? {}
      throw new ModuleSyntaxError((error as Error).message, line, column)
    }
  }
}

function skeletonOf(code: string, tokens: Token[], sites: FunctionSite[]): string {
  const parts: string[] = []
  let site = 0
  for (const token of tokens) {
    while (sites[site] && token.start >= (sites[site] as FunctionSite).bodyEnd) site++
    const current = sites[site]
    if (current && token.start >= current.bodyStart && token.end <= current.bodyEnd) {
      current.lastToken = code.slice(token.start, token.end)
      continue
    }
    parts.push(code.slice(token.start, token.end))
  }
  return parts.join(' ')
}

function collectSites(program: ESTree.Program, sites: FunctionSite[], classes: ClassSite[]): void {
  walk(
    program as ESTree.Node,
    { names: [] as string[] },
    {
      _(node, { path, next, state }) {
        if (!isFunction(node)) return next()
        sites.push(siteOf(node as Ranged<FunctionNode>, path, state.names))
        // do not descend: nested functions are reached through their outer function's body
      },
      ClassDeclaration(node, { next, state }) {
        const name = node.id?.name ?? 'default'
        classes.push({ name, start: (node as Ranged<typeof node>).start, end: (node as Ranged<typeof node>).end })
        next({ names: [...state.names, name] })
      },
      ClassExpression(node, { path, next, state }) {
        const name = node.id?.name ?? bindingName(path) ?? 'class'
        classes.push({ name, start: (node as Ranged<typeof node>).start, end: (node as Ranged<typeof node>).end })
        next({ names: [...state.names, name] })
      },
    },
  )
  sites.sort((a, b) => a.start - b.start)
}

export function isFunction(node: ESTree.Node): node is FunctionNode {
  return (
    node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression'
  )
}

function siteOf(fn: Ranged<FunctionNode>, path: ESTree.Node[], classNames: string[]): FunctionSite {
  const parent = path.at(-1) as Ranged<ESTree.Node> | undefined
  const body = fn.body as Ranged<ESTree.Node>
  const place = placeOf(fn, path, classNames)
  const { concise } = place
  return {
    ...place,
    async: fn.async === true,
    generator: fn.generator === true,
    arrow: fn.type === 'ArrowFunctionExpression',
    constructor: parent?.type === 'MethodDefinition' && parent.kind === 'constructor',
    ...(parent?.type === 'MethodDefinition' && {
      member: { key: keyName(parent.key), static: parent.static, kind: parent.kind },
    }),
    simpleParams: simpleParams(fn.params),
    directive:
      !concise && (body as ESTree.BlockStatement).body[0]?.type === 'ExpressionStatement'
        ? 'directive' in ((body as ESTree.BlockStatement).body[0] as object)
        : false,
    lastToken: '',
  }
}

/** A function's name and ranges: the definition (for methods: from the key) and its body. */
export function placeOf(fn: Ranged<FunctionNode>, path: ESTree.Node[], classNames: string[]) {
  const parent = path.at(-1) as Ranged<ESTree.Node> | undefined
  const body = fn.body as Ranged<ESTree.Node>
  const owner = parent && (parent.type === 'MethodDefinition' || parent.type === 'Property') ? parent : undefined
  return {
    name: displayName(fn, path, classNames),
    start: owner ? owner.start : fn.start,
    end: fn.end,
    bodyStart: body.start,
    bodyEnd: body.end,
    concise: body.type !== 'BlockStatement',
  }
}

export function displayName(fn: FunctionNode, path: ESTree.Node[], classNames: string[]): string {
  if (fn.type === 'FunctionDeclaration' && fn.id) return fn.id.name
  const parent = path.at(-1)
  if (parent?.type === 'MethodDefinition') {
    const cls = classNames.at(-1) ?? 'class'
    return `${cls}${parent.static ? '.' : '#'}${keyName(parent.key)}`
  }
  if (parent?.type === 'PropertyDefinition') {
    // a class field holding a function: every instance gets its own closure
    return `${classNames.at(-1) ?? 'class'}${parent.static ? '.' : '#'}${keyName(parent.key)}`
  }
  if (parent?.type === 'Property') {
    const holder = bindingName(path.slice(0, -1))
    return holder ? `${holder}.${keyName(parent.key)}` : keyName(parent.key)
  }
  return bindingName(path) ?? (fn.type === 'FunctionExpression' && fn.id ? fn.id.name : '<anonymous>')
}

/** The name a function or class expression is bound to: `const x = …`, `exports.x = …`, `x: …`. */
export function bindingName(path: ESTree.Node[]): string | undefined {
  const parent = path.at(-1)
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name
  if (parent?.type === 'AssignmentExpression') {
    const target = parent.left
    if (target.type === 'Identifier') return target.name
    if (target.type === 'MemberExpression') return keyName(target.property)
  }
  if (parent?.type === 'Property') return keyName(parent.key)
  if (parent?.type === 'ExportDefaultDeclaration') return 'default'
  return undefined
}

function keyName(key: ESTree.Node): string {
  if (key.type === 'Identifier') return key.name
  if (key.type === 'PrivateIdentifier') return `#${key.name}`
  if (key.type === 'Literal') return String(key.value)
  return '[computed]'
}

function simpleParams(params: ESTree.Pattern[]): FunctionSite['simpleParams'] {
  const out: { name: string; rest: boolean }[] = []
  for (const param of params) {
    if (param.type === 'Identifier') out.push({ name: param.name, rest: false })
    else if (param.type === 'RestElement' && param.argument.type === 'Identifier')
      out.push({ name: param.argument.name, rest: true })
    else return null
  }
  return out
}

/** Top-level names referenced from inside any function, in declaration order. */
function capturedBindings(program: ESTree.Program): string[] {
  const { map, scope: root } = analyze(program as ESTree.Node)
  const captured = new Set<string>()
  walk(
    program as ESTree.Node,
    { scope: root, inFunction: false },
    {
      _(node, { path, next, state }) {
        if (node.type === 'Identifier') {
          const parent = path.at(-1)
          if (state.inFunction && parent && isReference(node, parent) && state.scope.find_owner(node.name) === root)
            captured.add(node.name)
          return
        }
        const scope: Scope | undefined = map.get(node)
        next({ scope: scope ?? state.scope, inFunction: state.inFunction || isFunction(node) })
      },
    },
  )
  return [...root.declarations.keys()].filter((name) => captured.has(name))
}

/** The constructor and instance field initialisers of a class: what shapes an instance when it is created. */
export function instanceShape(cls: Function): string {
  const source = Function.prototype.toString.call(cls)
  let program: ESTree.Program
  try {
    program = parse(`(${source})`, { ecmaVersion: 'latest' }) as unknown as ESTree.Program
  } catch {
    return source
  }
  const statement = program.body[0]
  const node = statement?.type === 'ExpressionStatement' ? statement.expression : undefined
  if (node?.type !== 'ClassExpression') return source
  return node.body.body
    .filter(
      (m) =>
        (m.type === 'MethodDefinition' && m.kind === 'constructor') || (m.type === 'PropertyDefinition' && !m.static),
    )
    .map((m) => source.slice((m as Ranged<typeof m>).start - 1, fieldEnd(m as Ranged<typeof m>) - 1))
    .join('\n')
}

/**
 * Where the part of a member that shapes instances ends: a field holding a function is shaped by its head only, since
 * the bodies of the closures old instances hold are brought to the new code with the old script.
 */
function fieldEnd(member: Ranged<ESTree.Node>): number {
  const value = member.type === 'PropertyDefinition' ? member.value : undefined
  if (value && (value.type === 'ArrowFunctionExpression' || value.type === 'FunctionExpression'))
    return (value.body as Ranged<ESTree.Node>).start
  return member.end
}
