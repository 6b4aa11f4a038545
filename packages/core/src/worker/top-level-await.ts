import { parse } from 'acorn'

// `await` typed at the prompt, as Node's REPL allows it: a line that only parses with top-level await becomes the body
// of an async arrow whose last expression is returned. Its declarations were made assignments before (declarations.ts),
// so they last beyond the arrow.

const OPTIONS = { ecmaVersion: 'latest', sourceType: 'script' } as const

/** The line as an async arrow call, when it needs top-level await; undefined when it runs as it is. */
export function withTopLevelAwait(line: string): string | undefined {
  if (!/\bawait\b/.test(line) || parses(line, false)) return undefined
  let program: ReturnType<typeof parse>
  try {
    program = parse(line, { ...OPTIONS, allowAwaitOutsideFunction: true })
  } catch {
    return undefined // a syntax error of its own: eval reports it
  }
  const last = program.body.at(-1)
  if (last?.type !== 'ExpressionStatement') return `(async () => {\n${line}\n})()`
  const { start, end } = last.expression
  return `(async () => {\n${line.slice(0, start)}return (${line.slice(start, end)})${line.slice(end)}\n})()`
}

function parses(line: string, allowAwaitOutsideFunction: boolean): boolean {
  try {
    parse(line, { ...OPTIONS, allowAwaitOutsideFunction })
    return true
  } catch {
    return false
  }
}

/** What V8 says to `await` where it cannot run (a frame of a stopped thread, a non-async function). */
export function isAwaitSyntaxError(text: string): boolean {
  return /await is only valid in async functions|await can not be used when evaluating code while paused/.test(text)
}
