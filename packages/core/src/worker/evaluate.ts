import { inspect } from 'node:util'
import type { EvalResult } from '../shared/protocol.js'

/** Declarations typed at the prompt, per realm (the test process; Jest: the test file): they last for its pauses. */
const lasting = new WeakMap<object, Record<string, unknown>>()

export function lastingLocals(realm: object): Record<string, unknown> {
  const locals = lasting.get(realm) ?? (Object.create(null) as Record<string, unknown>)
  lasting.set(realm, locals)
  return locals
}

/**
 * The REPL at the pause prompt: an expression (or statements) typed by the person, run in the realm the tests run in
 * (Vitest: the worker's own; Jest: the test file's vm context), so `expect` and the test's globals are there.
 * `$error` is the failure, and `scope` (the project's exports) is in scope by name: `double(3)`, under the realm's
 * globals (an export named `process` does not hide Node's). A promise is awaited, `await` works at the top level of
 * the line, and what a line declares lasts for the next lines, as in Node's REPL.
 */
export async function evaluateInRealm(
  realm: object,
  expression: string,
  error: unknown,
  scope: object,
): Promise<EvalResult> {
  try {
    const locals = lastingLocals(realm)
    // nothing awaited before the line starts: Ctrl-C breaks a spin only in the synchronous start (interruptible.ts)
    if (!rewriter && PARSED.test(expression)) await loadLineRewriter()
    const line = asRun(expression, locals)
    // a sloppy-mode function of that realm: `with` puts the exports, then the lasting declarations, in scope; eval runs
    // statements too
    const RealmFunction = (realm as { Function: FunctionConstructor }).Function
    const run = new RealmFunction(
      '$scope',
      '$locals',
      '$error',
      '$expression',
      'with ($scope) with ($locals) { return eval($expression) }',
    )
    // `await` takes a promise of any realm (an `instanceof Promise` test would not)
    const value = await run(underGlobals(scope, realm), locals, error, line)
    return { ok: true, text: inspect(value, { colors: true, depth: 4 }) }
  } catch (thrown) {
    return { ok: false, text: describeThrown(thrown) }
  }
}

/** The exports whose names are not the realm's globals, on an object with no prototype (`toString` is no export). */
export function underGlobals(scope: object, realm: object): object {
  const visible = Object.create(null) as Record<string, unknown>
  for (const [name, value] of Object.entries(scope)) if (!(name in realm)) visible[name] = value
  return visible
}

const PARSED = /\b(const|let|var|function|class|await|import)\b/
let rewriter:
  | (typeof import('./declarations.js') & typeof import('./top-level-await.js') & typeof import('./dynamic-import.js'))
  | undefined

/** Loads the parser that rewrites typed lines: the main link does as it opens, so no line waits for it. */
export async function loadLineRewriter(): Promise<void> {
  const [declarations, topLevelAwait, dynamicImport] = await Promise.all([
    import('./declarations.js'),
    import('./top-level-await.js'),
    import('./dynamic-import.js'),
  ])
  rewriter ??= { ...declarations, ...topLevelAwait, ...dynamicImport }
}

/**
 * The line as it runs: `import(` as `$import(` (dynamic-import.ts), its declarations as assignments to `locals` (each
 * name made there first), then, when it uses `await` at the top level, the body of an async arrow.
 */
function asRun(expression: string, locals: Record<string, unknown>): string {
  if (!rewriter || !PARSED.test(expression)) return expression
  let line = rewriter.importsAsCalls(expression) ?? expression
  const declared = rewriter.declarationsAsAssignments(line)
  if (declared) {
    for (const name of declared.names) if (!(name in locals)) locals[name] = undefined
    line = declared.line
  }
  return rewriter.withTopLevelAwait(line) ?? line
}

/** `Name: message`. Errors of another realm are no `instanceof Error` here: read by shape. */
function describeThrown(thrown: unknown): string {
  if (typeof thrown === 'object' && thrown !== null && 'message' in thrown) {
    const { name, message } = thrown as { name?: unknown; message: unknown }
    return `${typeof name === 'string' ? name : 'Error'}: ${String(message)}`
  }
  return typeof thrown === 'object' && thrown !== null ? inspect(thrown) : String(thrown)
}
