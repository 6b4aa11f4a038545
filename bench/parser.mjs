// Which parser for the module map (run on demand: `node bench/parser.mjs`; no build needed). module-map.ts in
// packages/core/src/analysis parses each module with acorn (script, with every `allow…` option; tokens from the same
// parse at a save), then periscopic's analyze() finds its scopes. This times, on the same inputs, acorn against
// meriyah, oxc-parser and @babel/parser (7: 8 needs Node 22.18+) — warm, median and p90 of single calls — and the
// parse + analyze() a load and a save pay, and checks that the other parsers' ASTs can stand in for acorn's: same nodes
// at the same UTF-16 offsets, same periscopic scopes, same tokens. PARSER_BENCH_MS (default 1500) is the time each
// variant gets per input. Writes results/parser.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parse as babelParse } from '@babel/parser'
import { parse as acornParse, tokenizer as acornTokenizer } from 'acorn'
import { parse as meriyahParse } from 'meriyah'
import { parseSync as oxcParseSync, rawTransferSupported } from 'oxc-parser'
import { analyze } from 'periscopic'

// the versions installed for the bench (bench/node_modules; not every package exports its package.json)
const versions = Object.fromEntries(
  ['acorn', 'meriyah', 'oxc-parser', '@babel/parser', 'periscopic'].map((name) => [
    name,
    JSON.parse(readFileSync(path.join(import.meta.dirname, 'node_modules', name, 'package.json'), 'utf8')).version,
  ]),
)

// ---------------------------------------------------------------------------------------------------------------
// The parsers, configured as the module map needs them: start/end offsets on every node, no line/column (the map
// computes those itself from the offsets), no extra nodes (parentheses), tokens only where a save needs them.

/** module-map.ts's PARSE_OPTIONS, verbatim. */
const ACORN = {
  ecmaVersion: 'latest',
  sourceType: 'script',
  allowReturnOutsideFunction: true,
  allowAwaitOutsideFunction: true,
  allowHashBang: true,
  allowImportExportEverywhere: true,
}
// meriyah and oxc have no "script, but top-level await and import anywhere": module is the mode that takes the
// runners' code (Vitest's module-runner code awaits at the top level); see the acceptance check below for the rest
const MERIYAH = { sourceType: 'module', next: true, ranges: { start: true, end: true } }
const OXC = { lang: 'js', sourceType: 'module', preserveParens: false }
const BABEL = {
  sourceType: 'script',
  allowReturnOutsideFunction: true,
  allowAwaitOutsideFunction: true,
  allowImportExportEverywhere: true,
  attachComment: false,
  plugins: ['estree'],
}

const parsers = {
  acorn: (code) => acornParse(code, ACORN),
  'acorn+tokens': (code) => {
    const onToken = []
    const program = acornParse(code, { ...ACORN, onToken })
    return { program, tokens: onToken }
  },
  meriyah: (code) => meriyahParse(code, MERIYAH),
  'meriyah+tokens': (code) => {
    const onToken = []
    const program = meriyahParse(code, { ...MERIYAH, onToken })
    return { program, tokens: onToken }
  },
  oxc: (code) => {
    const result = oxcParseSync('module.js', code, OXC)
    if (result.errors.length > 0) throw new Error(result.errors[0].message)
    return result.program
  },
  babel: (code) => babelParse(code, BABEL).program,
  ...(rawTransferSupported() && {
    'oxc raw transfer': (code) => {
      const result = oxcParseSync('module.js', code, { ...OXC, experimentalRawTransfer: true })
      if (result.errors.length > 0) throw new Error(result.errors[0].message)
      return result.program
    },
  }),
  'babel+tokens': (code) => {
    const file = babelParse(code, { ...BABEL, tokens: true })
    return { program: file.program, tokens: file.tokens }
  },
}

/** acorn's tokenizer alone: what oxc (no tokens in its API) would add to a save to get them. */
function acornTokens(code) {
  const tokens = []
  for (const token of acornTokenizer(code, ACORN)) tokens.push(token)
  return tokens
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs: what the engine is handed (module-map.ts: "the module's code as the runner hands it over").

/** bench/engine.mjs's module of about `lines` lines (CommonJS, no transform). */
function engineModule(lines) {
  const helpers = []
  for (let i = 0; helpers.length * 4 < lines - 8; i++)
    helpers.push(`function helper${i}(x) {\n  const y = x + ${i}\n  return y * 2\n}`)
  return [
    'const RATE = 1',
    ...helpers,
    'function target(x) {\n  return x * 1 * RATE\n}',
    'module.exports = { target, RATE }',
  ].join('\n')
}

/** bench/large-module.mjs's generated module: `count` one-line exported functions (count + 2 lines). */
function largeModule(count) {
  const lines = ['let RATE = 1']
  for (let i = 0; i < count; i++) lines.push(`exports.f${i} = function f${i}(x) { return x + ${i} * RATE }`)
  lines.push('exports.RATE = RATE')
  return lines.join('\n')
}

/**
 * A fixture's TypeScript as Vitest's module runner evaluates it (and the engine instruments it): Vite's own TS strip
 * and SSR transform, then the inline source map Vitest 4.1 appends (its processResultSource/inlineSourceMap). Vite is
 * core's devDependency (the bench does not depend on it), so it is loaded from there.
 */
async function vitestCode(file) {
  const corePackage = fileURLToPath(import.meta.resolve('@mighty-patcher/core/package.json'))
  const vite = await import(pathToFileURL(createRequire(corePackage).resolve('vite')).href)
  const source = readFileSync(file, 'utf8')
  const stripped = await vite.transformWithOxc(source, file)
  const ssr = await vite.moduleRunnerTransform(stripped.code, stripped.map, file, source)
  const map = Buffer.from(JSON.stringify(ssr.map)).toString('base64')
  const code = ssr.code.trimEnd()
  return {
    code: `${code}\n//# sourceMappingSource=vite-generated\n//# sourceMappingURL=data:application/json;base64,${map}\n`,
    mapKB: (map.length / 1024).toFixed(1),
  }
}

const fixtures = path.join(import.meta.dirname, 'fixtures/real-size')
const inputs = [
  { name: 'small (engine.mjs, 50 lines)', code: engineModule(50) },
  { name: 'real-size src/url.ts (Vitest code)', ...(await vitestCode(path.join(fixtures, 'src/url.ts'))) },
  { name: 'real-size test/url.test.ts (Vitest code)', ...(await vitestCode(path.join(fixtures, 'test/url.test.ts'))) },
  { name: 'large (large-module.mjs, 5000 fns)', code: largeModule(5000) },
]
for (const input of inputs) {
  input.lines = input.code.split('\n').length
  input.kB = (Buffer.byteLength(input.code) / 1024).toFixed(1)
  input.mapKB ??= '0'
}

// ---------------------------------------------------------------------------------------------------------------
// Compatibility: acceptance, offsets, node shapes, periscopic's scopes, tokens.

const programOf = (result) => (result && result.type === 'Program' ? result : result.program)
const SKIP_KEYS = new Set(['loc', 'range', 'extra', 'raw', 'start', 'end'])

/** Every node of an ESTree AST, depth first. */
function nodes(root) {
  const out = []
  const visit = (value) => {
    if (Array.isArray(value)) for (const item of value) visit(item)
    else if (value && typeof value === 'object' && typeof value.type === 'string') {
      out.push(value)
      for (const key in value) if (!SKIP_KEYS.has(key)) visit(value[key])
    }
  }
  visit(root)
  return out
}

/** Nodes as `type start end`, with the node keys each type has (loc, range, raw and extra left out). */
function shape(program) {
  const spans = []
  const keys = new Map()
  for (const node of nodes(program)) {
    spans.push(`${node.type} ${node.start} ${node.end}`)
    if (!keys.has(node.type))
      keys.set(
        node.type,
        Object.keys(node).filter((k) => !SKIP_KEYS.has(k) && node[k] !== undefined),
      )
  }
  return { spans: spans.sort(), keys }
}

/** What periscopic finds: one line per scope (the node it belongs to, its declarations and references). */
function scopesOf(program) {
  const { map, scope: root, globals } = analyze(program)
  const lines = [`root decl=[${[...root.declarations.keys()].sort()}] refs=[${[...root.references].sort()}]`]
  let declarations = root.declarations.size
  for (const node of nodes(program)) {
    const scope = map.get(node)
    if (!scope) continue
    declarations += scope.declarations.size
    lines.push(
      `${node.type}@${node.start}-${node.end} block=${scope.block} decl=[${[...scope.declarations.keys()].sort()}] refs=[${[...scope.references].sort()}]`,
    )
  }
  return {
    lines: lines.sort(),
    scopes: lines.length,
    declarations,
    globals: [...globals.keys()].sort().join(','),
  }
}

const tokenSpans = (tokens) =>
  tokens
    .filter((t) => t.end > t.start) // acorn's eof
    .map((t) => `${t.start}-${t.end}`)

/** Tokens against acorn's; a difference only in how a template literal is cut (`a${ as one token or three) named so. */
function compareTokens(program, reference, tokens) {
  const templates = nodes(program).filter((n) => n.type === 'TemplateLiteral')
  // a template's quasis and delimiters: inside a template literal, outside its `${…}` expressions
  const inTemplate = (span) => {
    const [start, end] = span.split('-').map(Number)
    return templates.some(
      (t) => t.start <= start && end <= t.end && !t.expressions.some((e) => e.start <= start && end <= e.end),
    )
  }
  const own = new Set(tokens)
  const ref = new Set(reference)
  const missing = reference.filter((x) => !own.has(x))
  const extra = tokens.filter((x) => !ref.has(x))
  if (missing.length === 0 && extra.length === 0) return '='
  const onlyTemplates = missing.every(inTemplate) && extra.every(inTemplate)
  return `≠ (${missing.length} missing, ${extra.length} extra${onlyTemplates ? ', all in template literals' : ''})`
}

function compare(a, b) {
  const bs = new Set(b)
  const as = new Set(a)
  return { missing: a.filter((x) => !bs.has(x)).length, extra: b.filter((x) => !as.has(x)).length }
}

const offsetSample = [
  '// offsets past characters of 1, 2, 3 and 4 UTF-8 bytes (1, 1, 1 and 2 UTF-16 units)',
  "const s = 'aä€😀'",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the sample's own template literal
  'const t = `é${s}😀`',
  'export function after() { return s + t }',
].join('\n')

const compatInputs = [...inputs, { name: 'non-ASCII sample', code: offsetSample }]
const candidates = ['meriyah', 'oxc', ...(rawTransferSupported() ? ['oxc raw transfer'] : []), 'babel']
const compatibility = []
for (const input of compatInputs) {
  const reference = parsers['acorn+tokens'](input.code)
  const refShape = shape(reference.program)
  const refScopes = scopesOf(reference.program)
  const refTokens = tokenSpans(reference.tokens)
  const row = {
    input: input.name,
    'acorn scopes/decls': `${refScopes.scopes}/${refScopes.declarations}`,
  }
  const literal = nodes(reference.program).find((n) => n.type === 'Identifier' && n.name === 'after')
  for (const name of candidates) {
    let program
    try {
      program = programOf(parsers[name](input.code))
    } catch (error) {
      row[name] = `rejects: ${error.message.slice(0, 60)}`
      continue
    }
    const own = shape(program)
    const spans = compare(refShape.spans, own.spans)
    const keyDiffs = []
    for (const [type, keys] of refShape.keys) {
      const other = own.keys.get(type)
      if (!other) continue
      const lacks = keys.filter((k) => !other.includes(k))
      const adds = other.filter((k) => !keys.includes(k))
      if (lacks.length || adds.length)
        keyDiffs.push(`${type}${lacks.map((k) => ` -${k}`).join('')}${adds.map((k) => ` +${k}`).join('')}`)
    }
    const scopes = scopesOf(program)
    const scopeDiff = compare(refScopes.lines, scopes.lines)
    const parts = [
      spans.missing || spans.extra ? `nodes ≠ (${spans.missing} missing, ${spans.extra} extra)` : 'nodes =',
      scopeDiff.missing || scopeDiff.extra || scopes.globals !== refScopes.globals
        ? `scopes ≠ (${scopes.scopes}/${scopes.declarations})`
        : 'scopes =',
    ]
    if (literal) {
      const own = nodes(program).find((n) => n.type === 'Identifier' && n.name === 'after')
      parts.push(own.start === literal.start ? 'UTF-16 offsets' : `offset ${own.start}, acorn ${literal.start}`)
    }
    if (keyDiffs.length) parts.push(`keys: ${keyDiffs.join('; ')}`)
    row[name] = parts.join(', ')
  }
  // tokens, where a parser gives them (oxc-parser's API has none; the acorn tokenizer would stand in)
  const tokenRows = {
    'meriyah onToken': tokenSpans(parsers['meriyah+tokens'](input.code).tokens),
    'babel tokens': tokenSpans(parsers['babel+tokens'](input.code).tokens.filter((t) => !/^Comment/.test(t.type))),
    'acorn tokenizer': tokenSpans(acornTokens(input.code)),
  }
  row.tokens = Object.entries(tokenRows)
    .map(([name, spans]) => `${name} ${compareTokens(reference.program, refTokens, spans)}`)
    .join(', ')
  compatibility.push(row)
}

/** Which of a few language corners each configuration accepts (acorn's options take them all). */
const corners = {
  'top-level await': 'const a = await f()',
  'top-level return': 'if (a) return 1',
  'import after a statement': 'f()\nimport x from "x"',
  'sloppy mode: with, 010': 'with (o) { x = 010 }',
  'await as a name': 'var await = 1',
}
const configurations = {
  acorn: (code) => acornParse(code, ACORN),
  'meriyah module': (code) => meriyahParse(code, MERIYAH),
  'meriyah commonjs': (code) => meriyahParse(code, { ...MERIYAH, sourceType: 'commonjs' }),
  'oxc module': (code) => parsers.oxc(code),
  'oxc commonjs': (code) => {
    const result = oxcParseSync('module.js', code, { ...OXC, sourceType: 'commonjs' })
    if (result.errors.length > 0) throw new Error(result.errors[0].message)
  },
  'oxc unambiguous': (code) => {
    const result = oxcParseSync('module.js', code, { ...OXC, sourceType: 'unambiguous' })
    if (result.errors.length > 0) throw new Error(result.errors[0].message)
  },
  babel: (code) => babelParse(code, BABEL),
}
const acceptance = Object.entries(configurations).map(([name, parse]) => {
  const row = { parser: name }
  for (const [corner, code] of Object.entries(corners)) {
    try {
      parse(code)
      row[corner] = 'yes'
    } catch {
      row[corner] = 'no'
    }
  }
  return row
})

// ---------------------------------------------------------------------------------------------------------------
// Timing: single calls, warm. Variants run interleaved in rounds so drift (JIT, GC, the machine) spreads evenly.

let sink = 0
const parsed = new Map()
/** The input's acorn AST, parsed once (periscopic's analyze() leaves the AST as it is). */
function acornProgram(code) {
  if (!parsed.has(code)) parsed.set(code, acornParse(code, ACORN))
  return parsed.get(code)
}
const variants = {
  acorn: (code) => acornParse(code, ACORN).body.length,
  'acorn + tokens': (code) => parsers['acorn+tokens'](code).tokens.length,
  'acorn tokenizer only': (code) => acornTokens(code).length,
  meriyah: (code) => meriyahParse(code, MERIYAH).body.length,
  'meriyah + tokens': (code) => parsers['meriyah+tokens'](code).tokens.length,
  'oxc parseSync': (code) => oxcParseSync('module.js', code, OXC).errors.length,
  'oxc parseSync + .program': (code) => oxcParseSync('module.js', code, OXC).program.body.length,
  // the AST through a shared buffer instead of JSON: Node 22+ only (rawTransferSupported), so not on Node 20
  ...(rawTransferSupported() && {
    'oxc raw transfer + .program': (code) =>
      oxcParseSync('module.js', code, { ...OXC, experimentalRawTransfer: true }).program.body.length,
  }),
  babel: (code) => babelParse(code, BABEL).program.body.length,
  'babel + tokens': (code) => babelParse(code, { ...BABEL, tokens: true }).tokens.length,
  'periscopic analyze only (acorn AST)': (code) => analyze(acornProgram(code)).scope.declarations.size,
  // what a load pays (no tokens) and what a save pays (tokens from the same parse) before the map's own walk
  'load: acorn + analyze': (code) => analyze(acornParse(code, ACORN)).scope.declarations.size,
  'load: meriyah + analyze': (code) => analyze(meriyahParse(code, MERIYAH)).scope.declarations.size,
  'load: oxc + analyze': (code) => analyze(oxcParseSync('module.js', code, OXC).program).scope.declarations.size,
  ...(rawTransferSupported() && {
    'load: oxc raw transfer + analyze': (code) =>
      analyze(oxcParseSync('module.js', code, { ...OXC, experimentalRawTransfer: true }).program).scope.declarations
        .size,
  }),
  'save: acorn+tokens + analyze': (code) => analyze(parsers['acorn+tokens'](code).program).scope.declarations.size,
  'save: meriyah+tokens + analyze': (code) => analyze(parsers['meriyah+tokens'](code).program).scope.declarations.size,
  'save: oxc + analyze + acorn tokenizer': (code) =>
    analyze(oxcParseSync('module.js', code, OXC).program).scope.declarations.size + acornTokens(code).length,
  ...(rawTransferSupported() && {
    'save: oxc raw transfer + analyze + acorn tokenizer': (code) =>
      analyze(oxcParseSync('module.js', code, { ...OXC, experimentalRawTransfer: true }).program).scope.declarations
        .size + acornTokens(code).length,
  }),
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
const ROUNDS = 5
const BUDGET_MS = Number(process.env.PARSER_BENCH_MS ?? 1500) // per variant and input, over all rounds
const MIN_SAMPLES = 30

const timing = []
for (const input of inputs) {
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]))
  for (const run of Object.values(variants)) for (let i = 0; i < 20; i++) sink += run(input.code) // warm up
  for (let round = 0; round < ROUNDS; round++)
    for (const [name, run] of Object.entries(variants)) {
      const own = samples[name]
      const until = performance.now() + BUDGET_MS / ROUNDS
      const least = Math.ceil(MIN_SAMPLES / ROUNDS)
      for (let n = 0; n < least || performance.now() < until; n++) {
        const t0 = performance.now()
        sink += run(input.code)
        own.push(performance.now() - t0)
      }
    }
  for (const [name, own] of Object.entries(samples)) {
    const sorted = own.sort((a, b) => a - b)
    timing.push({
      input: input.name,
      variant: name,
      samples: sorted.length,
      p50: Number(percentile(sorted, 50).toFixed(3)),
      p90: Number(percentile(sorted, 90).toFixed(3)),
    })
  }
}
if (sink === 0) console.log('(sink)')

// ---------------------------------------------------------------------------------------------------------------

const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, platform: process.platform }
console.log(`parser choice, Node ${process.version}, ${machine.cores} cores, ${JSON.stringify(versions)}`)
console.log('inputs')
console.table(inputs.map(({ name, lines, kB, mapKB }) => ({ input: name, lines, kB, 'of it inline map, kB': mapKB })))
console.log('ms per file, single warm calls: p50 / p90')
const table = {}
for (const { input, variant, p50, p90 } of timing) {
  table[variant] ??= {}
  table[variant][input] = `${p50.toFixed(2)} / ${p90.toFixed(2)}`
}
console.table(table)
console.log('against acorn (nodes: type+start+end of every node; scopes: periscopic analyze(); tokens: start-end)')
for (const row of compatibility) console.log(row)
console.log('what each configuration accepts')
console.table(acceptance)

const results = path.join(import.meta.dirname, 'results')
mkdirSync(results, { recursive: true })
writeFileSync(
  path.join(results, 'parser.json'),
  `${JSON.stringify(
    {
      machine,
      versions,
      options: { acorn: ACORN, meriyah: MERIYAH, oxc: OXC, babel: BABEL },
      budgetMsPerVariant: BUDGET_MS,
      rawTransfer: rawTransferSupported(),
      inputs: inputs.map(({ name, lines, kB, mapKB }) => ({ name, lines, kB, mapKB })),
      timing,
      compatibility,
      acceptance,
    },
    null,
    2,
  )}\n`,
)
