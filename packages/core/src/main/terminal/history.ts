import { createHash } from 'node:crypto'
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

// Lines typed at the prompt, kept across the pauses of a run and across runs, as NODE_REPL_HISTORY keeps Node's REPL
// lines: one file per project in the user's state folder (never in the project), the last MAX_LINES lines.
// MIGHTY_PATCHER_HISTORY names another file, or turns it off when empty; in CI nothing is read or written.

export const HISTORY_ENV = 'MIGHTY_PATCHER_HISTORY'
const MAX_LINES = 1000

export interface History {
  /** Oldest first. */
  readonly lines: readonly string[]
  add(line: string): void
}

/**
 * The history of the project at `root`: in memory always, on disk unless turned off. The file is read at the first
 * use — at the first pause, not when the run starts.
 */
export function openHistory(root: string, env: NodeJS.ProcessEnv = process.env): History {
  const file = historyFile(root, env)
  let loaded: string[] | undefined
  const lines = () => {
    loaded ??= file ? readBounded(file) : []
    return loaded
  }
  let folderMade = false
  return {
    get lines() {
      return lines()
    },
    add(line) {
      if (!line || lines().at(-1) === line) return
      lines().push(line)
      if (!file) return
      try {
        if (!folderMade) mkdirSync(path.dirname(file), { recursive: true })
        folderMade = true
        // one JSON string per line: an entry may hold line breaks
        appendFileSync(file, `${JSON.stringify(line)}\n`)
      } catch {
        // a read-only home: the history still lasts for this run
      }
    },
  }
}

/** The file's lines, the last MAX_LINES of them; a longer file is cut to those. */
function readBounded(file: string): string[] {
  const lines = read(file)
  if (lines.length > MAX_LINES) {
    lines.splice(0, lines.length - MAX_LINES)
    rewrite(file, lines)
  }
  return lines
}

/** Where the project's history is kept; undefined: nowhere (turned off, or CI). */
export function historyFile(root: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CI && env.CI !== 'false' && env.CI !== '0') return undefined
  const chosen = env[HISTORY_ENV]
  if (chosen !== undefined) return chosen.trim() ? path.resolve(chosen) : undefined
  const state = env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state')
  const id = createHash('sha1').update(path.resolve(root)).digest('hex').slice(0, 10)
  return path.join(state, 'mighty-patcher', 'history', `${path.basename(root)}-${id}`)
}

function read(file: string): string[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return []
  }
  const lines: string[] = []
  for (const raw of text.split('\n')) {
    try {
      const line = JSON.parse(raw) as unknown
      if (typeof line === 'string' && line) lines.push(line)
    } catch {
      // a torn last line (two runs appending at once): skipped
    }
  }
  return lines
}

function rewrite(file: string, lines: string[]): void {
  try {
    writeFileSync(file, lines.map((line) => `${JSON.stringify(line)}\n`).join(''))
  } catch {}
}
