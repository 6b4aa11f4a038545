import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { instrument } from '../instrument/instrument.js'

// What a module's code becomes at load (docs/architecture.md, "Instrumentation"), cached: a runner evaluates the same
// module again for every test file, in a new process each time (Vitest's forks) or a new runtime (Jest), and a
// parse in a cold process costs more than the module's own evaluation. So the instrumented code, the functions'
// hashes and the top-level names are kept per code on disk, in the system's temp folder (never in the project), and
// in memory for this process. The module's map — what a save compares against — is made from the code only when a
// save needs it.

export interface LoadInstrumented {
  code: string
  hashes: Record<string, number>
  topNames: string[]
}

const memory = new Map<string, { code: string; result: LoadInstrumented }>()
let folder: string | null | undefined

export function instrumentAtLoad(file: string, code: string): LoadInstrumented {
  const known = memory.get(file)
  if (known?.code === code) return known.result
  const key = createHash('sha1').update(instrumenterId()).update(file).update('\0').update(code).digest('hex')
  const result = readEntry(key) ?? writeEntry(key, instrumented(file, code))
  memory.set(file, { code, result })
  return result
}

function instrumented(file: string, code: string): LoadInstrumented {
  const fresh = instrument(code, file)
  const hashes: Record<string, number> = {}
  for (const site of fresh.map.functions) if (!site.plain) hashes[site.id] = site.hash
  return { code: fresh.code, hashes, topNames: [...fresh.map.topNames] }
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

function readEntry(key: string): LoadInstrumented | undefined {
  const dir = cacheFolder()
  if (!dir) return undefined
  try {
    const entry = JSON.parse(readFileSync(path.join(dir, `${key}.json`), 'utf8')) as LoadInstrumented
    return typeof entry.code === 'string' && entry.hashes && Array.isArray(entry.topNames) ? entry : undefined
  } catch {
    return undefined
  }
}

function writeEntry(key: string, result: LoadInstrumented): LoadInstrumented {
  const dir = cacheFolder()
  if (!dir) return result
  try {
    // written whole, then renamed: a process reading it meanwhile sees all of it or none
    const temp = path.join(dir, `${key}.${process.pid}.tmp`)
    writeFileSync(temp, JSON.stringify(result))
    renameSync(temp, path.join(dir, `${key}.json`))
  } catch {
    // a full disk or a read-only temp folder: the next process instruments again
  }
  return result
}

let id: string | undefined

/** This build of the instrumenter: an entry made by another build (another version, a local change) is never read. */
function instrumenterId(): string {
  if (id) return id
  try {
    id = createHash('sha1')
      .update(readFileSync(fileURLToPath(import.meta.url)))
      .digest('hex')
  } catch {
    id = String(Date.now()) // not found on disk: no entry of another process is trusted
  }
  return id
}
