export interface LineLimit {
  /** Longest line accepted, in characters. */
  maxLength: number
  /** A line grew past `maxLength`: nothing more is split (the caller drops the stream). */
  onOverflow(): void
}

/**
 * Splits a utf8 text stream into lines. Chunks may end mid-line; JSON never contains a raw newline. Only the new
 * chunk is searched for the end of a line, so a long line costs its length once.
 */
export function createLineSplitter(onLine: (line: string) => void, limit?: LineLimit): (chunk: string) => void {
  let buffer = ''
  let overflowed = false
  return (chunk) => {
    if (overflowed) return
    let start = 0
    let end = chunk.indexOf('\n')
    while (end !== -1) {
      const line = buffer + chunk.slice(start, end)
      buffer = ''
      start = end + 1
      onLine(line)
      if (overflowed) return
      end = chunk.indexOf('\n', start)
    }
    buffer += chunk.slice(start)
    if (limit && buffer.length > limit.maxLength) {
      overflowed = true
      buffer = ''
      limit.onOverflow()
    }
  }
}
