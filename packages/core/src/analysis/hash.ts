/** FNV-1a over UTF-16 code units, 30 bits: a small integer V8 compares without a heap number. */
export function hashText(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h & 0x3fffffff
}
