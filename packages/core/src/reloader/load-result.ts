/** What a module hook's `load` gives and returns (both of Node's hook kinds: on the program's thread, on their own). */
export interface LoadResult {
  format?: string | null
  source?: string | ArrayBuffer | Uint8Array | null
  shortCircuit?: boolean
}

/** The module's source as text: a hook may hand it over as bytes. */
export function sourceText({ source }: LoadResult): string {
  return typeof source === 'string' ? source : new TextDecoder().decode(source ?? undefined)
}
