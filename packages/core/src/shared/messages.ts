/** What starts every line the tool prints of its own, so a person tells it from the runner's output. */
export const PREFIX = '[mighty-patcher]'

/** `text` as one of the tool's own lines (no newline). */
export function toolLine(text: string): string {
  return `${PREFIX} ${text}`
}

/** An error's message, or a thrown non-error as text: what the tool shows of anything that went wrong. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
