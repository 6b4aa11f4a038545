import { tokenizer } from 'acorn'

// `import()` typed at the prompt loads as it would in the paused test file. The line runs in a function made from a
// string, whose `import()` V8 resolves from no module (Jest's vm context has none at all): so each `import(` becomes a
// call of `$import`, the runner's import from the test file (main-link.ts).

const MEMBER = new Set(['.', '?.'])

/** The line with `import(` as `$import(`; undefined when it has none (or does not tokenize: eval reports it). */
export function importsAsCalls(line: string): string | undefined {
  const starts: number[] = []
  try {
    // `a.import(x)` is a method call: the token before `import` tells
    let before = ''
    let previous: { keyword?: string; start: number; after: string } | undefined
    for (const token of tokenizer(line, { ecmaVersion: 'latest', allowAwaitOutsideFunction: true })) {
      if (previous?.keyword === 'import' && token.type.label === '(' && !MEMBER.has(previous.after))
        starts.push(previous.start)
      previous = { keyword: token.type.keyword, start: token.start, after: before }
      before = token.type.label
    }
  } catch {
    return undefined
  }
  if (starts.length === 0) return undefined
  let out = line
  for (const start of starts.reverse()) out = `${out.slice(0, start)}$${out.slice(start)}`
  return out
}
