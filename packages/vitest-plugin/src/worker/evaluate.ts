import { inspect } from 'node:util'
import type { EvalResult } from '@mighty-patcher/core/shared'

/**
 * The REPL at the pause prompt: an expression (or statements) in the test process. `$error` is the failure, and the
 * exports of the project's loaded modules are in scope by name (`double(3)`), first loaded first.
 */
export async function evaluateInWorker(expression: string, error: unknown, scope: object): Promise<EvalResult> {
  try {
    // sloppy-mode function: `with` puts the exports in scope; eval runs statements too and leaks nothing
    const run = new Function('$scope', '$error', '$expression', 'with ($scope) { return eval($expression) }')
    const value = await run(scope, error, expression)
    return { ok: true, text: inspect(value, { colors: true, depth: 4 }) }
  } catch (thrown) {
    return { ok: false, text: thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown) }
  }
}
