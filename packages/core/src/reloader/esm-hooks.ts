import { fileURLToPath } from 'node:url'
import type { MessagePort } from 'node:worker_threads'
import { underReloadDir } from '../engine/load-hook.js'
import { instrumentedAtLoad } from '../engine/parsing.js'
import { type LoadResult, sourceText } from './load-result.js'

// Node 20 – 22.14 hand ES modules to loader hooks only on a thread of their own (`module.register`): there, each module
// under the reload dir is instrumented, and the program's thread is told what it was loaded from, for its engine
// (docs/architecture.md, "Any Node program"). Node 22.15+ runs the hooks on the program's thread (module-hook.ts).

export interface HooksData {
  port: MessagePort
  root: string
}

/** What the program's thread hears of each module: what `engine.loadedElsewhere` takes. */
export interface LoadedMessage {
  type: 'loaded'
  file: string
  code: string
  hashes: Record<string, number>
  topNames: string[]
}

/** The program's thread asks for a module's code as the hooks would load it now (a save), and gets it. */
export type ReadRequest = { type: 'read'; id: number; file: string }
export type ReadAnswer = { type: 'read'; id: number; code?: string; error?: string }

let data: HooksData | undefined
/** How each module was loaded: a save's code comes through the same chain (tsx's, for one). */
const loads = new Map<string, () => Promise<LoadResult>>()

export function initialize(given: HooksData): void {
  data = given
  given.port.on('message', async ({ id, file }: ReadRequest) => {
    const again = loads.get(file)
    try {
      if (!again) throw new Error(`${file} was not loaded through these hooks`)
      const answer: ReadAnswer = { type: 'read', id, code: sourceText(await again()) }
      given.port.postMessage(answer)
    } catch (error) {
      given.port.postMessage({ type: 'read', id, error: (error as Error).message } satisfies ReadAnswer)
    }
  })
  given.port.unref()
}

export async function load(
  url: string,
  context: object,
  nextLoad: (url: string, context: object) => Promise<LoadResult>,
): Promise<LoadResult> {
  const result = await nextLoad(url, context)
  if (!data || !url.startsWith('file:') || result.format !== 'module') return result
  const file = fileURLToPath(url)
  if (!underReloadDir(data.root, file)) return result
  const code = sourceText(result)
  loads.set(file, () => nextLoad(url, context))
  try {
    const instrumented = instrumentedAtLoad(file, code)
    const message: LoadedMessage = {
      type: 'loaded',
      file,
      code,
      hashes: instrumented.hashes,
      topNames: instrumented.topNames,
    }
    data.port.postMessage(message)
    return { ...result, source: instrumented.code }
  } catch {
    return result // the program's thread never hears of it: a save of it says it was not patched
  }
}
