import type { WrappedSource } from './adapter.js'
import type { FunctionLocation } from './live-edit.js'
import type { FunctionSite, ModuleShape } from './source-shape.js'

/**
 * Maps V8 positions in a wrapped script to the module's outer function sites. Built once per script: a lookup is a
 * binary search, so mapping every export of a large module stays linear in its size.
 */
export class ScriptIndex {
  readonly #lineStarts: number[] = [0]
  readonly #prefixLength: number

  constructor(
    wrapped: WrappedSource,
    readonly shape: ModuleShape,
  ) {
    const full = wrapped.prefix + wrapped.code + wrapped.suffix
    for (let at = full.indexOf('\n'); at !== -1; at = full.indexOf('\n', at + 1)) this.#lineStarts.push(at + 1)
    this.#prefixLength = wrapped.prefix.length
  }

  /**
   * The outer function site a V8 [[FunctionLocation]] falls in. Runners compile with a negative column offset on the
   * first line (Vitest: `columnOffset: -prefix.length`), so on line 0 both readings are tried.
   */
  siteAt(location: FunctionLocation): { site?: FunctionSite; offset: number } {
    const lineStart = this.#lineStarts[location.lineNumber]
    if (lineStart === undefined) return { offset: -1 }
    const raw = lineStart + location.columnNumber - this.#prefixLength
    const candidates = location.lineNumber === 0 ? [raw, raw + this.#prefixLength] : [raw]
    for (const offset of candidates) {
      const site = containing(this.shape.sites, offset)
      if (site) return { site, offset }
      if (this.shape.classes.some((c) => c.start <= offset && offset < c.end)) return { offset }
    }
    return { offset: raw }
  }
}

/** The range holding `offset` among ranges sorted by start that do not overlap. */
export function containing<T extends { start: number; end: number }>(ranges: T[], offset: number): T | undefined {
  let lo = 0
  let hi = ranges.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const range = ranges[mid] as T
    if (offset < range.start) hi = mid - 1
    else if (offset >= range.end) lo = mid + 1
    else return range
  }
  return undefined
}

/** Index of the first range starting at or after `offset`, in ranges sorted by start. */
export function firstFrom(ranges: { start: number }[], offset: number): number {
  let lo = 0
  let hi = ranges.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((ranges[mid] as { start: number }).start < offset) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Message of a CompileError with its line counted in the module code, not in the wrapped script. */
export function compileErrorMessage(
  wrapped: WrappedSource,
  details: { text: string; lineNumber: number; columnNumber: number },
): string {
  const prefixLines = wrapped.prefix.split('\n').length - 1
  return `${details.text} (line ${details.lineNumber - prefixLines + 1} of the transformed code)`
}
