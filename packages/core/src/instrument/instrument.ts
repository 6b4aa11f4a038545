import type * as ESTree from 'estree'
import MagicString from 'magic-string'
import { type FunctionSite, isFunction, type ModuleMap, mapModule, type Ranged } from '../analysis/module-map.js'

// What the runner's code gets before it runs (docs/architecture.md, "Instrumentation"): a module prologue that finds
// the module's record, a check at the start of every function (one property read and a compare while nothing was
// patched), a scope accessor in every scope that defines functions, and a static block in every class. Nothing adds a
// line: positions keep their lines, so the runner's source map stays right line for line.

export const RUNTIME_KEY = 'mighty-patcher'
const ACCESSOR = '(__mp$c) => eval(__mp$c)'

/** What goes at the start of a scope, in this order. */
interface Head {
  check: string
  /** Async functions and generators: their body counted while it runs (see running). */
  running?: { open: string; close: string }
  destructure: string
  accessor: string
}

export interface Instrumented {
  code: string
  map: ModuleMap
  /** Edits over the runner's code: the instrumented text of any range, and a source map on demand. */
  edits: MagicString
}

/** `withTokens`: for a save, which compares the code's tokens (see mapModule). */
export function instrument(code: string, file: string, { withTokens = false } = {}): Instrumented {
  const map = mapModule(code, { withTokens })
  const s = new MagicString(code)
  const heads = new Map<ESTree.Node, Head>()
  const head = (node: ESTree.Node): Head => {
    let h = heads.get(node)
    if (!h) {
      h = { check: '', destructure: '', accessor: '' }
      heads.set(node, h)
    }
    return h
  }

  // after the directives: a `'use strict'` without its semicolon gets one, or the prologue would continue its line
  const after = map.prologueAt === 0 ? '' : code[map.prologueAt - 1] === ';' ? ' ' : '; '
  s.appendLeft(
    map.prologueAt,
    `${after}const __mp$s0 = ${ACCESSOR}, __mp$ = globalThis[Symbol.for(${JSON.stringify(RUNTIME_KEY)})].m(${JSON.stringify(file)}, __mp$s0), __mp$v = __mp$.v;`,
  )
  for (const statement of map.top) letForConst(s, statement.declaration)

  for (const site of map.functions) {
    if (site.plain) continue
    const args = site.kind === 'arrow' || site.kind === 'field' ? arrowArgs(s, code, site) : undefined
    head(site.node).check = check(site, args?.values)
    if (site.async || site.generator) head(site.node).running = running(site)
    if (args?.destructure) head(site.node).destructure = args.destructure
  }
  for (const accessor of map.accessors.slice(1)) head(accessor.node).accessor = `const ${accessor.name} = ${ACCESSOR};`
  for (const site of map.classes) {
    const body = site.node.body as Ranged<ESTree.ClassBody>
    s.appendLeft(body.start + 1, ` static { __mp$.k(this, ${JSON.stringify(site.id)}, ${ACCESSOR}) }`)
  }
  for (const [node, h] of heads) {
    const text = [h.check, h.running?.open, h.destructure, h.accessor].filter(Boolean).join(' ')
    placeHead(s, code, node as Ranged<ESTree.Node>, text, h.running?.close)
  }
  return { code: s.toString(), map, edits: s }
}

/**
 * An async function or a generator can be suspended in its body (at an await or a yield) when a save comes; that call
 * finishes on the code it started with. Its body is counted while it runs, per version (`id@hash`), so a save can say
 * how many calls finish on old code (docs/architecture.md, "Never silent").
 */
function running(site: FunctionSite): { open: string; close: string } {
  const count = `__mp$.r[${JSON.stringify(`${site.id}@${site.hash}`)}]`
  return { open: `${count} = (${count} | 0) + 1; try {`, close: `} finally { ${count}-- }` }
}

/** The check at the start of a function: run the version registered for this id when it is not this code. */
function check(site: FunctionSite, args: string | undefined): string {
  const id = JSON.stringify(site.id)
  const scope = site.scope || 'null'
  const call =
    args === undefined
      ? `${site.generator ? 'yield* ' : ''}__mp$.a(__mp$f, this, arguments${site.kind === 'function' ? ', new.target' : ''})`
      : `__mp$f.call(this${args ? `, ${args}` : ''})`
  return `if (__mp$v[${id}] !== ${site.hash}) { const __mp$f = __mp$.f(${id}, ${scope}, this); if (__mp$f) return ${call} }`
}

/**
 * What an arrow passes to its new version: its parameters by name. Destructured parameters are first taken whole
 * (`__mp$p0`) and destructured in the body, so the new version gets what the caller passed; null when a parameter
 * holds a function (left uninstrumented, and named when it changes).
 */
function arrowArgs(s: MagicString, code: string, site: FunctionSite): { values: string; destructure?: string } {
  const params = site.node.params as Ranged<ESTree.Pattern>[]
  const nameOf = (p: ESTree.Pattern) =>
    p.type === 'RestElement' ? `...${(p.argument as ESTree.Identifier).name}` : (p as ESTree.Identifier).name
  const simple = params.every(
    (p) => p.type === 'Identifier' || (p.type === 'RestElement' && p.argument.type === 'Identifier'),
  )
  if (simple) return { values: params.map(nameOf).join(', ') }
  const temps = params.map((_, i) => `__mp$p${i}`)
  const pattern = params.map((p) => code.slice(p.start, p.end)).join(', ')
  params.forEach((p, i) => {
    const temp = temps[i] as string
    const text = p.type === 'RestElement' ? `...${temp}` : p.type === 'AssignmentPattern' ? `${temp} = void 0` : temp
    s.overwrite(p.start, p.end, text)
  })
  const values = params.map((p, i) => (p.type === 'RestElement' ? `...${temps[i]}` : temps[i])).join(', ')
  return { values, destructure: `let [${pattern}] = [${values}];` }
}

/** Puts text at the start of a scope: a function's body (after its directives), a block, or a loop's body. */
function placeHead(s: MagicString, code: string, node: Ranged<ESTree.Node>, text: string, tail = ''): void {
  if (isFunction(node)) {
    const body = node.body as Ranged<ESTree.Node>
    if (body.type === 'BlockStatement') {
      s.appendLeft(directivesEnd(body as Ranged<ESTree.BlockStatement>), ` ${text}`)
      if (tail) s.appendLeft(body.end - 1, ` ${tail}`)
      return
    }
    // a concise arrow becomes a block: `=> { <head> return (<expression>) }`
    s.appendLeft(arrowAt(code, node) + 2, ` { ${text} return (`)
    s.appendLeft(node.end, `)${tail ? ` ${tail}` : ''} }`)
    return
  }
  if (node.type === 'BlockStatement') {
    s.appendLeft(node.start + 1, ` ${text}`)
    return
  }
  const body = (node as unknown as { body: Ranged<ESTree.Node> }).body
  if (body.type === 'BlockStatement') s.appendLeft(body.start + 1, ` ${text}`)
  else {
    s.prependRight(body.start, `{ ${text} `)
    s.appendLeft(body.end, ' }')
  }
}

function directivesEnd(body: Ranged<ESTree.BlockStatement>): number {
  let at = body.start + 1
  for (const statement of body.body) {
    if (statement.type !== 'ExpressionStatement' || !('directive' in statement)) break
    at = (statement as unknown as Ranged<ESTree.Node>).end
  }
  return at
}

/** Offset of an arrow's `=>`: after its parameters, skipping comments. */
export function arrowAt(code: string, node: Ranged<FunctionNode>): number {
  const from = (node.params.at(-1) as Ranged<ESTree.Node> | undefined)?.end ?? node.start
  const to = (node.body as Ranged<ESTree.Node>).start
  const between = code.slice(from, to).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => ' '.repeat(c.length))
  return from + between.indexOf('=>')
}

type FunctionNode = ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression

/** Top-level `const` becomes `let` (same width): a save that changes the value assigns it in place. */
function letForConst(s: MagicString, declaration: Ranged<ESTree.Node>): void {
  if (declaration.type === 'VariableDeclaration' && declaration.kind === 'const')
    s.overwrite(declaration.start, declaration.start + 5, 'let  ')
}
