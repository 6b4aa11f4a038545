import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { hashText } from '../analysis/hash.js'

// What a module's code becomes at load (docs/architecture.md, "Instrumentation"), cached: a runner evaluates the same
// module again for every test file, in a new process each time (Vitest's forks) or a new runtime (Jest), and a
// parse in a cold process costs more than the module's own evaluation. So the instrumented code, the functions'
// hashes and the top-level names are kept per code on disk, in the system's temp folder (never in the project), and
// in memory for this process. The module's map — what a save compares against — is made from the code only when a
// save needs it. A hit needs no parser, nor node:crypto: an entry is named by short hashes and holds the code it was
// made from, compared whole (docs/architecture.md, "Cost when nothing fails"). Entries not written for two weeks go.

export interface LoadInstrumented {
  code: string
  hashes: Record<string, number>
  topNames: string[]
}

interface Entry extends LoadInstrumented {
  /** The runner's code it was made from. */
  source: string
}

const PRUNE_EVERY_MS = 24 * 3600_000
const KEEP_MS = 14 * 24 * 3600_000

const memory = new Map<string, { code: string; result: LoadInstrumented }>()
let folder: string | null | undefined

/** The cached instrumented code of this code of `file`, if any. */
export function cachedAtLoad(file: string, code: string): LoadInstrumented | undefined {
  const known = memory.get(file)
  if (known?.code === code) return known.result
  const result = readEntry(keyOf(file, code), code)
  if (result) memory.set(file, { code, result })
  return result
}

/** Keeps what `instrumented` made of this code of `file`, for this process and the next ones. */
export function storeAtLoad(file: string, code: string, instrumented: LoadInstrumented): LoadInstrumented {
  memory.set(file, { code, result: instrumented })
  return writeEntry(keyOf(file, code), { ...instrumented, source: code })
}

function keyOf(file: string, code: string): string {
  return `${hashText(`${instrumenterId()}\0${file}`).toString(36)}-${hashText(code).toString(36)}-${code.length}`
}

function cacheFolder(): string | null {
  if (folder !== undefined) return folder
  // run from its sources (this repository's unit tests), the instrumenter has no one build to name: memory only
  if (import.meta.url.endsWith('.ts')) {
    folder = null
    return folder
  }
  try {
    folder = path.join(os.tmpdir(), 'mighty-patcher', 'instrumented')
    mkdirSync(folder, { recursive: true })
  } catch {
    folder = null // no cache: every process instruments for itself
  }
  return folder
}

function readEntry(key: string, source: string): LoadInstrumented | undefined {
  const dir = cacheFolder()
  if (!dir) return undefined
  try {
    const entry = JSON.parse(readFileSync(path.join(dir, `${key}.json`), 'utf8')) as Entry
    if (entry.source !== source || typeof entry.code !== 'string' || !entry.hashes || !Array.isArray(entry.topNames))
      return undefined
    return { code: entry.code, hashes: entry.hashes, topNames: entry.topNames }
  } catch {
    return undefined
  }
}

function writeEntry(key: string, entry: Entry): LoadInstrumented {
  const { source: _, ...result } = entry
  const dir = cacheFolder()
  if (!dir) return result
  pruneOnceADay(dir)
  try {
    // written whole, then renamed: a process reading it meanwhile sees all of it or none
    const temp = path.join(dir, `${key}.${process.pid}.tmp`)
    writeFileSync(temp, JSON.stringify(entry))
    renameSync(temp, path.join(dir, `${key}.json`))
  } catch {
    // a full disk or a read-only temp folder: the next process instruments again
  }
  return result
}

let pruned = false

/** Entries of code no longer loaded (older saves, other builds) go after two weeks; looked at once a day. */
function pruneOnceADay(dir: string): void {
  if (pruned) return
  pruned = true
  const marker = path.join(dir, '.pruned')
  const now = Date.now()
  try {
    if (now - statSync(marker).mtimeMs < PRUNE_EVERY_MS) return
  } catch {}
  try {
    writeFileSync(marker, '')
    utimesSync(marker, now / 1000, now / 1000)
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name)
      if (name !== '.pruned' && now - statSync(file).mtimeMs > KEEP_MS) rmSync(file, { force: true })
    }
  } catch {
    // another process prunes too, or the folder went: the next day's look does it
  }
}

let id: string | undefined

/**
 * This build of the instrumenter: an entry made by another build (another version, a local change) is never read.
 * Built, this file imports the instrumenter's chunk by a name that holds a hash of its content, so its own text
 * changes with it.
 */
function instrumenterId(): string {
  if (id) return id
  try {
    id = hashText(readFileSync(fileURLToPath(import.meta.url), 'utf8')).toString(36)
  } catch {
    id = String(Date.now()) // not found on disk: no entry of another process is trusted
  }
  return id
}
