import { inspect } from 'node:util'
import type { EvalResult } from '../shared/protocol.js'
import { withTopLevelAwait } from './top-level-await.js'

/**
 * The REPL at the pause prompt: an expression (or statements) typed by the person, run in the realm the tests run in
 * (Vitest: the worker's own; Jest: the test file's vm context), so `expect` and the test's globals are there.
 * `$error` is the failure, and `scope` (the project's exports) is in scope by name: `double(3)`. A promise is
 * awaited, and `await` works at the top level of the line, as in Node's REPL.
 */
export async function evaluateInRealm(
  realm: object,
  expression: string,
  error: unknown,
  scope: object,
): Promise<EvalResult> {
  try {
    // a sloppy-mode function of that realm: `with` puts the exports in scope; eval runs statements too, leaks nothing
    const RealmFunction = (realm as { Function: FunctionConstructor }).Function
    const run = new RealmFunction('$scope', '$error', '$expression', 'with ($scope) { return eval($expression) }')
    // `await` takes a promise of any realm (an `instanceof Promise` test would not)
    const value = await run(scope, error, withTopLevelAwait(expression) ?? expression)
    return { ok: true, text: inspect(value, { colors: true, depth: 4 }) }
  } catch (thrown) {
    return { ok: false, text: describeThrown(thrown) }
  }
}

/** `Name: message`. Errors of another realm are no `instanceof Error` here: read by shape. */
function describeThrown(thrown: unknown): string {
  if (typeof thrown === 'object' && thrown !== null && 'message' in thrown) {
    const { name, message } = thrown as { name?: unknown; message: unknown }
    return `${typeof name === 'string' ? name : 'Error'}: ${String(message)}`
  }
  return typeof thrown === 'object' && thrown !== null ? inspect(thrown) : String(thrown)
}
