// The type-check thread (started by type-check.ts on the session's thread): ts-jest's type check of a saved file, run
// after its patch from a transpile-only compile (docs/architecture.md, "Jest: ts-jest"). A check holds its thread for
// a second or more: here it holds neither the test thread nor the session's prompt and watcher.
import { readFileSync } from 'node:fs'
import { stripVTControlCharacters } from 'node:util'
import { parentPort } from 'node:worker_threads'
import { errorMessage } from '@mighty-patcher/core/shared'
import type { FromTypeCheck, ToTypeCheck } from '../main/host-messages.js'
import { createHostTransform } from '../main/transform.js'
import { typeCheckingTsJest } from './compiler.js'

const transforms = createHostTransform({ uncached: true })

async function check(file: string): Promise<Omit<FromTypeCheck, 'type' | 'id'>> {
  try {
    const { transformer, options } = await transforms.transformerFor(file)
    // a file whose transformer does not type-check (babel-jest, ts-jest with isolatedModules) has nothing to report
    if (!typeCheckingTsJest(transformer, file, options)) return {}
    transformer.transform(file, options, readFileSync(file, 'utf8'))
    return {}
  } catch (error) {
    const text = stripVTControlCharacters(errorMessage(error))
    return (error as { name?: string }).name === 'TSError' ? { diagnostics: text } : { failed: text }
  }
}

parentPort!.on('message', async (message: ToTypeCheck) => {
  if (message.type === 'offer') {
    // the first check builds ts-jest's program and type checker: done now, while the person reads the failure
    if (transforms.offer(message.context)) await check(message.warmFile)
    return
  }
  parentPort!.postMessage({ type: 'checked', id: message.id, ...(await check(message.file)) } satisfies FromTypeCheck)
})
