/** Splits a utf8 text stream into lines. Chunks may end mid-line; JSON never contains a raw newline. */
export function createLineSplitter(onLine: (line: string) => void): (chunk: string) => void {
  let buffer = ''
  return (chunk) => {
    buffer += chunk
    let end = buffer.indexOf('\n')
    while (end !== -1) {
      const line = buffer.slice(0, end)
      buffer = buffer.slice(end + 1)
      onLine(line)
      end = buffer.indexOf('\n')
    }
  }
}
