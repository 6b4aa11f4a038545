import { lineStarts } from '../analysis/module-map.js'
import { instrument } from '../instrument/instrument.js'

// V8 coverage counts the code that ran — instrumented — while a runner's coverage maps what it counted with the
// runner's own code, offset by offset (docs/architecture.md, "Coverage"). This takes what the instrumentation added
// back out of V8's counts, so those offsets are the runner's again.

/** V8's `Profiler.takePreciseCoverage` function entry (ranges: offsets into the script, end exclusive). */
export interface V8FunctionCoverage {
  functionName: string
  ranges: { startOffset: number; endOffset: number; count: number }[]
  isBlockCoverage: boolean
}

/** Runs of the instrumented code copied from the runner's code: `[instrumented start, runner start, length]`. */
type Runs = [number, number, number][]

/**
 * `functions` of a script that ran `instrumented`, made of `code`, re-expressed on `code`. `base`: where the module's
 * code starts in the script (the runner's wrapper before it). A function the instrumentation added is dropped, and so
 * is a range inside added text; a range that starts or ends in added text is cut to the runner's code it spans.
 */
export function toRunnerCoverage(functions: V8FunctionCoverage[], runs: Runs, base: number): V8FunctionCoverage[] {
  const out: V8FunctionCoverage[] = []
  for (const fn of functions) {
    const ranges: V8FunctionCoverage['ranges'] = []
    for (const [i, range] of fn.ranges.entries()) {
      const start = range.startOffset - base
      const end = range.endOffset - base
      // the whole script (a module's top level) and its wrapper: only its end moves
      if (start < 0) {
        ranges.push({ ...range, endOffset: base + endBefore(runs, end) })
        continue
      }
      const from = startAt(runs, start)
      const to = endBefore(runs, end)
      // a function's first range is the function: one the instrumentation added starts in added text
      if (i === 0 && exact(runs, start) === undefined) break
      if (from < to) ranges.push({ ...range, startOffset: base + from, endOffset: base + to })
    }
    if (ranges.length > 0) out.push({ ...fn, ranges })
  }
  return out
}

/** Where each run of `code` landed in its instrumented text. */
export function runsOf(code: string, file: string): Runs {
  const { edits } = instrument(code, file)
  const generated = lineStarts(edits.toString())
  const original = lineStarts(code)
  const runs: Runs = []
  const decoded = edits.generateDecodedMap({ hires: true }).mappings
  decoded.forEach((segments, line) => {
    for (const segment of segments) {
      if (segment.length < 4) continue
      const at = (generated[line] ?? 0) + segment[0]
      const from = (original[segment[2] as number] ?? 0) + (segment[3] as number)
      const last = runs[runs.length - 1]
      if (last && last[0] + last[2] === at && last[1] + last[2] === from) last[2]++
      else runs.push([at, from, 1])
    }
  })
  return runs
}

/** The run holding `offset`, or the index of the first run after it (negative: -(index + 1)). */
function find(runs: Runs, offset: number): number {
  let lo = 0
  let hi = runs.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const [at, , length] = runs[mid] as Runs[number]
    if (offset < at) hi = mid - 1
    else if (offset >= at + length) lo = mid + 1
    else return mid
  }
  return -(lo + 1)
}

function exact(runs: Runs, offset: number): number | undefined {
  const i = find(runs, offset)
  if (i < 0) return undefined
  const [at, from] = runs[i] as Runs[number]
  return from + offset - at
}

/** The runner's offset of `offset`, or of the first copied character after it. */
function startAt(runs: Runs, offset: number): number {
  const mapped = exact(runs, offset)
  if (mapped !== undefined) return mapped
  const next = runs[-find(runs, offset) - 1]
  return next ? next[1] : Number.POSITIVE_INFINITY
}

/** The runner's offset just after the last copied character before `end` (exclusive ends). */
function endBefore(runs: Runs, end: number): number {
  const mapped = exact(runs, end - 1)
  if (mapped !== undefined) return mapped + 1
  const previous = runs[-find(runs, end - 1) - 2]
  return previous ? previous[1] + previous[2] : Number.NEGATIVE_INFINITY
}
