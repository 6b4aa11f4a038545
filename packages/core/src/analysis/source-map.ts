import { LEAST_UPPER_BOUND, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'

// Positions in a runner's transformed code, back in the file on disk, through the source map the runner made (Vitest
// inlines it in the code: docs/architecture.md, "Vitest: module evaluation"; ts-jest too). Lines are 1-based here,
// as in the map library, columns 0-based.

export interface OriginalPosition {
  /** As written in the map's `sources` (resolve against the script's file). */
  source: string | undefined
  line: number
  column: number
}

export interface RawSourceMap {
  sources?: string[]
  mappings: string
}

const INLINE = /\/\/# sourceMappingURL=data:application\/json[^,]*base64,([A-Za-z0-9+/=]+)\s*$/m

/** The map inlined at the end of `code`, if any. */
export function inlineSourceMap(code: string): RawSourceMap | undefined {
  const match = INLINE.exec(code.slice(-Math.min(code.length, 2_000_000)))
  if (!match) return undefined
  try {
    const map = JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8')) as RawSourceMap
    return typeof map.mappings === 'string' ? map : undefined
  } catch {
    return undefined
  }
}

/** Where `line`:`column` of the transformed code came from; undefined where the map says nothing. */
export function originalPosition(map: RawSourceMap, line: number, column: number): OriginalPosition | undefined {
  return positionIn(new TraceMap({ version: 3, names: [], sources: [], ...map }), line, column)
}

/** The line in the file on disk of a position in `code`, through the map inlined in it (else the line as it is). */
export function sourceLines(code: string): (line: number, column: number) => number {
  const map = inlineSourceMap(code)
  const traced = map && new TraceMap({ version: 3, names: [], sources: [], ...map })
  return (line, column) => (traced && positionIn(traced, line, column)?.line) || line
}

function positionIn(traced: TraceMap, line: number, column: number): OriginalPosition | undefined {
  let found = originalPositionFor(traced, { line, column })
  // before the line's first mapped column (the indentation): that first mapping
  if (found.line === null) found = originalPositionFor(traced, { line, column, bias: LEAST_UPPER_BOUND })
  if (found.line === null) return undefined
  return { source: found.source ?? undefined, line: found.line, column: found.column ?? 0 }
}
