import type { Node, Pattern, Program } from 'acorn'
import { parse } from 'acorn'

// Declarations typed at the prompt last, as in Node's REPL: `const v = 1`, then `v` on the next line. A line runs in a
// function's eval, where its own `const`, `let`, `class` (and, in strict code, everything) end with it; so each
// top-level declaration becomes an assignment to a name of the test process's lasting locals, which the next lines see.

/** The line with its top-level declarations as assignments, and the names they declare; undefined: none, or no parse. */
export function declarationsAsAssignments(line: string): { line: string; names: string[] } | undefined {
  let program: Program
  try {
    program = parse(line, { ecmaVersion: 'latest', sourceType: 'script', allowAwaitOutsideFunction: true })
  } catch {
    return undefined // eval reports the syntax error
  }
  const names: string[] = []
  let out = ''
  let at = 0
  for (const statement of program.body) {
    const replaced = assignment(line, statement, names)
    if (replaced === undefined) continue
    out += line.slice(at, statement.start) + replaced
    at = statement.end
  }
  if (names.length === 0) return undefined
  return { line: out + line.slice(at), names }
}

/** `const a = 1, {b} = o` → `;(a = 1, {b} = o, void 0);`; `function f() {}` → `;(f = function f() {}, void 0);`. */
function assignment(line: string, statement: Node, names: string[]): string | undefined {
  const text = (node: Node) => line.slice(node.start, node.end)
  if (statement.type === 'VariableDeclaration') {
    const { declarations } = statement as unknown as { declarations: { id: Pattern; init: Node | null }[] }
    const parts = declarations.map(({ id, init }) => {
      names.push(...boundNames(id))
      return `${text(id as unknown as Node)} = ${init ? text(init) : 'undefined'}`
    })
    return `;(${parts.join(', ')}, void 0);`
  }
  if (statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') {
    const id = (statement as unknown as { id: { name: string } | null }).id
    if (!id) return undefined
    names.push(id.name)
    return `;(${id.name} = ${text(statement)}, void 0);`
  }
  return undefined
}

function boundNames(pattern: Pattern): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name]
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => boundNames(p.type === 'RestElement' ? p.argument : p.value))
    case 'ArrayPattern':
      return pattern.elements.flatMap((e) => (e ? boundNames(e) : []))
    case 'RestElement':
      return boundNames(pattern.argument)
    case 'AssignmentPattern':
      return boundNames(pattern.left)
    default:
      return []
  }
}
