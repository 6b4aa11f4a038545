import path from 'node:path'
import { linesAround } from '@mighty-patcher/core/worker'

// Where a failure was thrown, as Vitest's own report shows it: the stack's frames in the project (` ❯ fn file:l:c`)
// and a code excerpt at the first one. The stack is already source-mapped by Vitest's module runner.

export interface StackFrame {
  method: string
  file: string
  line: number
  column: number
}

const MAX_FRAMES = 5
const CONTEXT_LINES = 2

/** V8 stack lines (`at fn (file:l:c)`, `at file:l:c`, `at async fn (…)`), file URLs as paths. */
export function parseStack(stack: string): StackFrame[] {
  const frames: StackFrame[] = []
  for (const line of stack.split('\n')) {
    const match = /^\s*at (?:(?:async )?(.+?) \()?(.+?):(\d+):(\d+)\)?$/.exec(line)
    if (!match) continue
    const [, method = '', location = '', row = '0', column = '0'] = match
    const file = location.startsWith('file://') ? decodeURIComponent(location.slice('file://'.length)) : location
    frames.push({ method, file, line: Number(row), column: Number(column) })
  }
  return frames
}

/** The frames Vitest shows: files of the project, outside node_modules. */
export function projectFrames(stack: string, root: string): StackFrame[] {
  const inside = root.endsWith(path.sep) ? root : root + path.sep
  return parseStack(stack).filter(
    ({ file }) => file.startsWith(inside) && !file.split(path.sep).includes('node_modules'),
  )
}

/** ` ❯ fn src/math.ts:2:19`, the code around the first frame with a caret, then the other frames. */
export function describeLocation(stack: string | undefined, root: string): string[] {
  const frames = stack ? projectFrames(stack, root).slice(0, MAX_FRAMES) : []
  return frames.flatMap((frame, index) => {
    const at = ` ❯ ${[frame.method, `${path.relative(root, frame.file)}:${frame.line}:${frame.column}`].filter(Boolean).join(' ')}`
    return index === 0 ? [at, ...codeFrame(frame)] : [at]
  })
}

function codeFrame({ file, line, column }: StackFrame): string[] {
  const lines = linesAround(file, line, CONTEXT_LINES)
  const width = Math.max(3, String(lines.at(-1)?.line ?? line).length)
  return lines.flatMap(({ line: n, text }) => {
    const row = `    ${String(n).padStart(width)}| ${text}`
    return n === line ? [row, `    ${' '.repeat(width)}| ${' '.repeat(Math.max(0, column - 1))}^`] : [row]
  })
}
