// Ctrl-R at the prompt, as readline and shells have it: typed text searches the earlier lines, newest first; Ctrl-R
// again finds the next older match; Enter runs the line found, another editing key keeps it for editing, and Ctrl-G,
// Escape or Ctrl-C put back the line as it was before the search.

export interface ReverseSearch {
  readonly active: boolean
  /** The line found so far (the line as it was, until something matches). */
  readonly found: string
  /** Ctrl-R: starts the search from the line being typed, or finds the next older match. */
  next(typed: string): void
  /** Text typed while searching: the query grows, and the search starts again from the newest line. */
  type(text: string): void
  /** Backspace while searching. */
  erase(): void
  /** Ends the search: the line found, or with `restore` the line as it was before it started. */
  end(restore: boolean): string
  /** What the prompt shows in place of its question: `(reverse-i-search)'dou':`. */
  label(): string
}

export function createReverseSearch(lines: () => readonly string[]): ReverseSearch {
  let active = false
  let query = ''
  let before = ''
  let found = ''
  // index of the line found; lines.length: none yet
  let at = 0
  let failed = false

  /** The newest line at or before `from` that holds the query. */
  const find = (from: number) => {
    const all = lines()
    for (let i = Math.min(from, all.length - 1); i >= 0; i--) {
      if (query && all[i]?.includes(query)) {
        at = i
        found = all[i] ?? ''
        failed = false
        return
      }
    }
    failed = query !== ''
  }

  return {
    get active() {
      return active
    },
    get found() {
      return found
    },
    next(typed) {
      if (!active) {
        active = true
        query = ''
        before = typed
        found = typed
        at = lines().length
        failed = false
        return
      }
      find(at - 1)
    },
    type(text) {
      query += text
      find(lines().length - 1)
    },
    erase() {
      query = query.slice(0, -1)
      if (query) find(lines().length - 1)
      else {
        found = before
        at = lines().length
        failed = false
      }
    },
    end(restore) {
      active = false
      return restore ? before : found
    },
    label() {
      return `(${failed ? 'failed ' : ''}reverse-i-search)'${query}':`
    },
  }
}
