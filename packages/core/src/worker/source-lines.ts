import { readFileSync } from 'node:fs'

/** Lines `line - context` … `line + context` (1-based) of the file on disk; none when it cannot be read. */
export function linesAround(file: string, line: number, context: number): { line: number; text: string }[] {
  let lines: string[]
  try {
    lines = readFileSync(file, 'utf8').split(/\r?\n/)
  } catch {
    return []
  }
  const out: { line: number; text: string }[] = []
  for (let n = Math.max(1, line - context); n <= Math.min(lines.length, line + context); n++)
    out.push({ line: n, text: lines[n - 1] ?? '' })
  return out
}
