import { inspect } from 'node:util'
import type { EvalResult } from '@mighty-patcher/core/shared'

/** The REPL at the pause prompt: an expression (or statements) in the test process, `$error` at hand. */
export async function evaluateInWorker(expression: string, error: unknown): Promise<EvalResult> {
  try {
    // indirect eval inside a function: statements work, `$error` is in scope, nothing leaks into module scope
    const run = new Function('$error', '$expression', 'return eval($expression)')
    const value = await run(error, expression)
    return { ok: true, text: inspect(value, { colors: true, depth: 4 }) }
  } catch (thrown) {
    return { ok: false, text: thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown) }
  }
}
