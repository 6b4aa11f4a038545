// Maps a position in transformed code back to the file on disk, through the inline source map the runner appends
// (Vitest does: docs/architecture.md, "Vitest: module evaluation"). Positions are 0-based here.

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

export function inlineSourceMap(scriptSource: string): RawSourceMap | undefined {
  const match = INLINE.exec(scriptSource.slice(-Math.min(scriptSource.length, 2_000_000)))
  if (!match) return undefined
  try {
    const map = JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8')) as RawSourceMap
    return typeof map.mappings === 'string' ? map : undefined
  } catch {
    return undefined
  }
}

export function originalPosition(map: RawSourceMap, line: number, column: number): OriginalPosition | undefined {
  const lines = map.mappings.split(';')
  if (line >= lines.length) return undefined
  const state = [0, 0, 0] // source, original line, original column: carried across lines
  let best: OriginalPosition | undefined
  for (let l = 0; l <= line; l++) {
    let generated = 0
    for (const segment of lines[l]!.split(',')) {
      if (!segment) continue
      const fields = decodeVlq(segment)
      generated += fields[0] ?? 0
      if (fields.length < 4) continue
      state[0]! += fields[1]!
      state[1]! += fields[2]!
      state[2]! += fields[3]!
      if (l !== line) continue
      const position = { source: map.sources?.[state[0]!], line: state[1]!, column: state[2]! }
      if (generated <= column || !best) best = position
      if (generated > column) break
    }
  }
  return best
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

function decodeVlq(segment: string): number[] {
  const values: number[] = []
  let value = 0
  let shift = 0
  for (const char of segment) {
    const digit = BASE64.indexOf(char)
    if (digit < 0) break
    value += (digit & 31) << shift
    if (digit & 32) {
      shift += 5
      continue
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1)
    value = 0
    shift = 0
  }
  return values
}
