import { inspect } from 'node:util'
import vm from 'node:vm'
import type { EvalResult } from '@mighty-patcher/core/shared'

/**
 * Evaluates a line typed at the prompt in the test file's sandbox: `$error` is the failure, and the exports of the
 * project's loaded modules are in scope by name (`double(3)`), as on Vitest.
 */
export async function evaluateIn(
  context: object,
  expression: string,
  error: unknown,
  scope: object = {},
): Promise<EvalResult> {
  const global = vm.runInContext('globalThis', context) as Record<string, unknown>
  global.$error = error
  try {
    // a sloppy-mode function of the sandbox: `with` puts the exports in scope, eval runs statements too
    const run = vm.runInContext(
      '(function ($scope, $expression) { with ($scope) { return eval($expression) } })',
      context,
      {
        filename: 'mighty-patcher-repl',
      },
    ) as (scope: object, expression: string) => unknown
    let value = run(scope, expression)
    // values come from the sandbox realm: `instanceof` against this realm's classes would be false
    if (isObject(value) && typeof (value as { then?: unknown }).then === 'function') value = await value
    return { ok: true, text: inspect(value, { colors: true, depth: 4 }) }
  } catch (thrown) {
    return {
      ok: false,
      text: isObject(thrown) && 'message' in thrown ? String(thrown.message) : inspect(thrown),
    }
  } finally {
    delete global.$error
  }
}

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function'
}
