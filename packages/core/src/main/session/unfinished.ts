// A line typed at the prompt that does not finish its statement — `function t(x) {`, `[1,`, a template still open —
// continues on the next line, as in Node's REPL; the lines are evaluated together once they parse. A line with any
// other syntax error is evaluated as it is, and the test process reports the error.

type Acorn = typeof import('acorn')
let acorn: Promise<Acorn> | undefined

/** True when `code` ends before its statement does. The parser loads at the first line that is no command. */
export async function isUnfinished(code: string): Promise<boolean> {
  acorn ??= import('acorn')
  const { parse } = await acorn
  try {
    parse(code, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true,
    })
    return false
  } catch (error) {
    const { pos, message } = error as { pos?: number; message?: string }
    return pos === code.length || /^Unterminated (template|comment)/.test(message ?? '')
  }
}
