import type { FrameDetails, FrameSummary, StopInfo, Variable } from '../../shared/protocol.js'
import { type FormatContext, relativePath } from './format.js'

// What the prompt prints at an inspect stop: the frame, a few lines of source, the locals; `where` lists the frames.

export function formatStopHeader(stop: StopInfo, context: FormatContext): string[] {
  const { c } = context
  return [
    '',
    `${c.bold(c.inverse(c.magenta(' STOPPED ')))} ${c.bold(stop.testName)} ${c.dim(`at the throw · worker ${stop.pid}`)}`,
    `  ${c.red(stop.error)}`,
    ...formatFrame(stop.frame, stop.frames.length, context),
    c.dim('  Evaluate in this frame; up/down/where move around. Saves are patched in now.'),
    c.dim('  c: the attempt fails as it would have, then the test re-runs with your saves. h for help.'),
  ]
}

export function formatFrame(frame: FrameDetails, count: number, context: FormatContext): string[] {
  const { c } = context
  const width = String(frame.source.at(-1)?.line ?? frame.line).length
  const lines = [
    '',
    `  ${c.cyan(frameLabel(frame, context))} ${c.dim(`frame ${frame.index + 1} of ${count}`)}`,
    ...frame.source.map(({ line, text }) => {
      const gutter = `${line === frame.line ? '>' : ' '} ${String(line).padStart(width)} |`
      return line === frame.line ? `  ${c.bold(`${gutter} ${text}`)}` : c.dim(`  ${gutter} ${text}`)
    }),
  ]
  return [...lines, '', ...formatScopes(frame, context), '']
}

/** The locals; with closures around the frame, every scope under its name, as a debugger shows them. */
function formatScopes({ locals, enclosing = [] }: FrameDetails, { c }: FormatContext): string[] {
  const all = [...locals, ...enclosing.flatMap((scope) => scope.variables)]
  if (all.length === 0) return [c.dim('  no variables in scope')]
  const pad = Math.min(16, Math.max(...all.map((variable) => variable.name.length)))
  const rows = (variables: Variable[]) =>
    variables.map(({ name, preview }) => `  ${c.bold(name.padEnd(pad))} ${c.dim('=')} ${preview}`)
  if (enclosing.length === 0) return rows(locals)
  return [
    c.dim('  Local'),
    ...(locals.length ? rows(locals) : [c.dim('  (none)')]),
    ...enclosing.flatMap(({ kind, variables }) => [c.dim(`  ${kind}`), ...rows(variables)]),
  ]
}

/** `where`: the user frames, innermost first, the selected one marked. */
export function formatWhere(frames: FrameSummary[], selected: number, context: FormatContext): string[] {
  return frames.map((frame, index) => {
    const line = `${index === selected ? '>' : ' '} #${index + 1} ${frameLabel(frame, context)}`
    return index === selected ? `  ${context.c.bold(line)}` : `  ${line}`
  })
}

function frameLabel(frame: FrameSummary, { root }: FormatContext): string {
  return `${frame.functionName} (${relativePath(root, frame.file)}:${frame.line}:${frame.column})`
}
