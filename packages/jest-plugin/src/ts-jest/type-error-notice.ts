// ts-jest reports type errors as TypeScript formats them: `src/math.ts:3:7 - error TS2322: …` followed by a code frame
// (its default `pretty`), or `src/math.ts(3,7): error TS2322: …`. The session wants one line per file.

const DIAGNOSTIC = /^.+?(?::(\d+):(\d+) - |\((\d+),(\d+)\): )error (TS\d+): (.*)$/gm

/** One line naming the first type error of `file` (relative path) at file:line:col, and how many follow. */
export function typeErrorNotice(file: string, diagnostics: string): string {
  const errors = [...diagnostics.matchAll(DIAGNOSTIC)]
  const tail = 'patched anyway: its JavaScript is valid'
  const first = errors[0]
  if (!first) {
    const line = diagnostics.split('\n').find((text) => text.trim()) ?? 'type check failed'
    return `type errors in ${file}: ${line.trim()} — ${tail}`
  }
  const [, line, column, lineAlt, columnAlt, code, message] = first
  const more = errors.length > 1 ? ` (+${errors.length - 1} more)` : ''
  const where = `${file}:${line ?? lineAlt}:${column ?? columnAlt}`
  return `type ${errors.length > 1 ? 'errors' : 'error'} in ${where} ${code} ${(message ?? '').trim()}${more} — ${tail}`
}
