import type { WrappedSource } from './adapter.js'
import type { FunctionLocation } from './live-edit.js'
import type { FunctionSite, ModuleShape } from './source-shape.js'

/** Offset of a V8 (0-based line/column) position in `text`. */
function offsetOf(text: string, line: number, column: number): number {
  let at = 0
  for (let i = 0; i < line; i++) {
    at = text.indexOf('\n', at) + 1
    if (at === 0) return -1
  }
  return at + column
}

/**
 * The outer function site a V8 [[FunctionLocation]] falls in. Runners compile with a negative column offset on the
 * first line (Vitest: `columnOffset: -prefix.length`), so on line 0 both readings are tried.
 */
export function siteAt(
  wrapped: WrappedSource,
  shape: ModuleShape,
  location: FunctionLocation,
): { site?: FunctionSite; offset: number } {
  const full = wrapped.prefix + wrapped.code + wrapped.suffix
  const raw = offsetOf(full, location.lineNumber, location.columnNumber) - wrapped.prefix.length
  const candidates = location.lineNumber === 0 ? [raw, raw + wrapped.prefix.length] : [raw]
  for (const offset of candidates) {
    const site = shape.sites.find((s) => s.start <= offset && offset < s.end)
    if (site) return { site, offset }
    if (shape.classes.some((c) => c.start <= offset && offset < c.end)) return { offset }
  }
  return { offset: raw }
}

/** Message of a CompileError with its line counted in the module code, not in the wrapped script. */
export function compileErrorMessage(
  wrapped: WrappedSource,
  details: { text: string; lineNumber: number; columnNumber: number },
): string {
  const prefixLines = wrapped.prefix.split('\n').length - 1
  return `${details.text} (line ${details.lineNumber - prefixLines + 1} of the transformed code)`
}
