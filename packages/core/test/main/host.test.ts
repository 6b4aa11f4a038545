import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { type LoopHost, startLoopHost } from '../../src/main/host.js'
import type { PauseInfo } from '../../src/shared/protocol.js'
import type { PatchReport } from '../../src/shared/report.js'
import type { WorkerChannel } from '../../src/shared/rpc.js'
import { connectChannel } from '../../src/worker/channel-client.js'
import { createScriptedPrompt } from './scripted-prompt.js'

// The loop's main side as both runners start it: a test process connects, pauses, and a save made at the prompt is
// patched into it. Each save is invalidated once (Vitest drops its transform caches there), before it is patched.

let root: string
let host: LoopHost | undefined
let worker: WorkerChannel | undefined

beforeEach(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'mp-host-')))
  await writeFile(path.join(root, 'math.ts'), 'export const double = (n: number) => n * 3\n')
})

afterEach(async () => {
  worker?.close()
  await host?.close()
  await rm(root, { recursive: true, force: true })
  host = worker = undefined
})

const info: PauseInfo = { testName: 'double', testFile: '/t.test.ts', attempt: 1, errors: ['x'], pid: 1 }

async function scenario(watchWhileConnected: boolean) {
  const prompt = createScriptedPrompt()
  const log: string[] = []
  const printed: string[] = []
  host = await startLoopHost({
    root,
    watchRoot: root,
    output: { write: (text: string) => printed.push(text) > 0 },
    prompt: prompt.ask,
    color: false,
    invalidate: (files) => void log.push(`invalidate ${files.map((file) => path.basename(file))}`),
    watchWhileConnected,
  })
  worker = await connectChannel({
    port: host.port,
    token: host.token,
    functions: {
      async patch(changed): Promise<PatchReport> {
        log.push(`patch ${changed.map((file) => path.basename(file))}`)
        return { ms: 0, files: [] }
      },
      evaluate: async () => ({ ok: true, text: '' }),
    },
  })
  return { prompt, log, worker, printed }
}

describe.each([false, true])('watching only while connected: %s', (watchWhileConnected) => {
  test('a save at the prompt is invalidated once, then patched into the paused test process', async () => {
    const { prompt, log, worker: channel } = await scenario(watchWhileConnected)
    const answer = channel.main.pause(info)
    // the prompt appears once the watcher's first scan is done: a save from now on is seen
    const first = await prompt.next()
    await writeFile(path.join(root, 'math.ts'), 'export const double = (n: number) => n * 2\n')
    const second = await prompt.next() // the save woke the prompt; the patch ran before it asked again
    expect(first.text).toBe(second.text)
    expect(log).toEqual(['invalidate math.ts', 'patch math.ts'])
    second.answer('c')
    expect(await answer).toBe('continue')
  })
})

test('a connection dropped while the prompt is open: the prompt gives way to its line and is asked again', async () => {
  const { prompt, worker: channel, printed } = await scenario(false)
  const answer = channel.main.pause(info)
  const first = await prompt.next()
  const intruder = net.connect(host!.port, '127.0.0.1')
  intruder.write(`${host!.token}\nthis is not json\n`)
  const second = await prompt.next()
  expect(first.options.signal?.aborted).toBe(true)
  expect(printed.join('')).toMatch(/dropped a connection to a test process: a bad message/)
  second.answer('c')
  expect(await answer).toBe('continue')
  intruder.destroy()
})

describe('a test file outside the reload dir', () => {
  test('is watched from its pause on: its save is patched into the paused test process', async () => {
    const outside = await realpath(await mkdtemp(path.join(tmpdir(), 'mp-tests-')))
    try {
      const testFile = path.join(outside, 'double.test.ts')
      await writeFile(testFile, 'test("double", () => {})\n')
      const { prompt, log, worker: channel } = await scenario(false)
      const answer = channel.main.pause({ ...info, testFile })
      const first = await prompt.next()
      await writeFile(testFile, 'test("double", () => { expect(1).toBe(1) })\n')
      const second = await prompt.next()
      expect(log).toEqual(['invalidate double.test.ts', 'patch double.test.ts'])
      second.answer('c')
      expect(first.text).toBe(second.text)
      expect(await answer).toBe('continue')
    } finally {
      await rm(outside, { recursive: true, force: true })
    }
  })
})
