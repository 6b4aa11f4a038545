import path from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import type pc from 'picocolors'
import type { EvalResult, PauseInfo } from '../../shared/protocol.js'
import type { FileReport, PatchReport } from '../../shared/report.js'

export type Colors = ReturnType<typeof pc.createColors>

/** What the session prints. Pure: every function returns lines, the session writes them. */
export interface FormatContext {
  root: string
  c: Colors
}

export function relativePath(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/') || file
}

export function formatPauseHeader(info: PauseInfo, { root, c }: FormatContext): string[] {
  const where = [relativePath(root, info.testFile), `attempt ${info.attempt}`, `worker ${info.pid}`]
  return [
    '',
    `${c.bold(c.inverse(c.yellow(' PAUSED ')))} ${c.bold(info.testName)}`,
    c.dim(`  ${where.join(' · ')}`),
    '',
    ...info.errors.flatMap((error) => [...indent(error.replace(/\n+$/, '')), '']),
    ...(info.notes ?? []).map((note) => c.yellow(`  ${note}`)),
    c.dim(
      info.inspect === true
        ? '  Save files to patch them into the running test, then c to re-run it; i re-runs it stopped at the throw.'
        : '  Save files to patch them into the running test, then c to re-run it. h for help.',
    ),
  ]
}

/** One line per file that changed something or failed; files with nothing to report share one dim line. */
export function formatPatchReport(report: PatchReport, context: FormatContext): string[] {
  const lines: string[] = []
  const quiet = new Map<string, string[]>()
  for (const file of report.files) {
    const line = formatFileReport(file, context)
    if (line !== undefined) {
      lines.push(line)
      continue
    }
    const label =
      file.status !== 'not-loaded'
        ? 'unchanged'
        : file.deleted
          ? 'deleted, never loaded in this worker'
          : 'not loaded in this worker'
    quiet.set(label, [...(quiet.get(label) ?? []), relativePath(context.root, file.file)])
  }
  for (const [label, files] of quiet) lines.push(context.c.dim(`${label}: ${files.join(', ')}`))
  return lines
}

/** A file's line, or undefined for `unchanged`/`not-loaded` (nothing happened in this worker). */
export function formatFileReport(report: FileReport, { root, c }: FormatContext): string | undefined {
  const file = relativePath(root, report.file)
  switch (report.status) {
    case 'patched': {
      const details = patchDetails(report)
      return `${c.green('patched')} ${file}${details ? ` (${details})` : ''}`
    }
    case 'error':
      return `${c.red('error')} ${file}: ${report.error ?? 'unknown error'} — old code keeps running`
    case 'deleted':
      return `${c.yellow('deleted')} ${file} — old code keeps running`
    case 'deferred':
      return `${c.yellow('later')} ${file}: ${report.error ?? 'needs the test to run on'} — patched when you continue`
    default:
      return undefined
  }
}

function patchDetails(report: FileReport): string {
  const parts: string[] = []
  if (report.updated.length) parts.push(`updated ${capped(report.updated)}`)
  if (report.reran.length) parts.push(`re-ran ${capped(report.reran)}`)
  if (report.added.length) parts.push(`added ${capped(report.added)}`)
  if (report.removed.length) parts.push(`removed ${capped(report.removed)}`)
  if (report.stale.length) {
    parts.push(`still old: ${capped(report.stale.map((stale) => `${stale.name} — ${stale.reason}`))}`)
  }
  // a save that only moved code (comments, blank lines): said, or the line would look like nothing happened
  if (parts.length === 0 && report.moved.length) parts.push(`moved ${capped(report.moved)}`)
  return parts.join('; ')
}

/** A list for one line: a generated module can name tens of thousands. */
const LISTED = 12

function capped(names: string[]): string {
  if (names.length <= LISTED + 1) return names.join(', ')
  return `${names.slice(0, LISTED).join(', ')}, … and ${(names.length - LISTED).toLocaleString('en-US')} more`
}

/** A save that waited longer than this for its worker says so in the timings line. */
const WAITED_MS = 50

/** The timings line: watcher → worker → each engine phase → back, in milliseconds. */
export function formatPhaseTimes(
  report: PatchReport,
  at: { since?: number; reported?: number; requested: number; now: number },
  { c }: FormatContext,
): string {
  const phases = report.phases
  const ms = (value: number) => value.toFixed(0)
  const reported = at.reported ?? at.requested
  // a save that waited for its worker (stopped by inspect until `c`, busy) says so apart from the watcher's own time
  const waited = at.requested - reported
  const parts = [
    ...(at.since === undefined ? [] : [`watcher ${ms(reported - at.since)}`]),
    ...(waited > WAITED_MS ? [`waited ${ms(waited)}`] : []),
    ...(phases
      ? [`transform ${ms(phases.transform)}`, `analyse ${ms(phases.analyse)}`, `apply ${ms(phases.apply)}`]
      : []),
    `engine ${ms(report.ms)}`,
    `channel ${ms(at.now - at.requested - report.ms)}`,
    `total ${ms(at.now - (at.since ?? at.requested))}`,
  ]
  return c.dim(`timings (ms): ${parts.join(' · ')}`)
}

export function formatEvalResult(result: EvalResult, { c }: FormatContext): string[] {
  // the test process colours values for a terminal; without colour here, none of it may reach the screen
  const text = c.isColorSupported ? result.text : stripVTControlCharacters(result.text)
  if (result.ok) return indent(text)
  // an error reads `Name: message`; any other thrown value would look like a result without the word
  return indent(c.red(ERROR_SHAPED.test(text) ? text : `Uncaught ${text}`))
}

const ERROR_SHAPED = /^[A-Z][\w$]*: /

/** The help: a line per command of the vocabulary (`c, continue   what it does`), then evaluation and its note. */
function indent(text: string): string[] {
  return text.split('\n').map((line) => (line ? `  ${line}` : line))
}
