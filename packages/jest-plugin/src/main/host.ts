// The session host's thread (started by in-band.ts, once per Jest process). The test thread may be stopped at a throw
// by the inspect helper while the person types at the stop prompt, so nothing here may need that thread:
// the terminal is read from /dev/tty, output goes straight to fd 1 (a worker's process.stdout is relayed through the
// main thread), and the test thread and the inspect helper reach the session over the loopback channel.
import { openSync, writeSync } from 'node:fs'
import { Writable } from 'node:stream'
import tty from 'node:tty'
import { parentPort, workerData } from 'node:worker_threads'
import { createPrompt, openHistory, startLoopHost } from '@mighty-patcher/core/main'
import { errorMessage } from '@mighty-patcher/core/shared'
import { createTypeCheck } from '../ts-jest/type-check.js'
import type { HostData, HostMessage, ToHost } from './host-messages.js'
import { createHostTransform } from './transform.js'

const data = workerData as HostData
const transforms = createHostTransform()
const typeCheck = createTypeCheck(data.root)

function write(text: string | Uint8Array): void {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text
  // fd 1 may be non-blocking (shared with the main thread's stream): a short write or EAGAIN is tried again
  for (let offset = 0, tries = 0; offset < bytes.length && tries < 1000; ) {
    try {
      offset += writeSync(1, bytes, offset)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return // the terminal is gone
      tries++
    }
  }
}

async function start(): Promise<HostMessage> {
  // its own handle on the terminal: process.stdin stays as Jest left it, untouched
  const input = new tty.ReadStream(openSync('/dev/tty', 'r+'))
  input.pause()
  const output = Object.assign(
    new Writable({
      write(chunk: Uint8Array, _encoding, done) {
        write(chunk)
        done()
      },
    }),
    { isTTY: tty.isatty(1), columns: data.columns },
  )
  const host = await startLoopHost({
    root: data.root,
    watchRoot: data.watchRoot,
    output: { write },
    prompt: createPrompt({ stdin: input, stdout: output, color: data.color, history: openHistory(data.root) }),
    color: data.color,
    transform: (file) => transforms.transform(file),
    afterPatch: (file) => typeCheck.check(file),
    // nothing closes this host when the run ends: a watcher left running would hold this thread's event loop
    watchWhileConnected: true,
  })
  return { type: 'ready', port: host.port, token: host.token }
}

// the channel server does not hold an event loop (nothing of ours holds the process): this ref'd listener holds this
// thread's, and in-band.ts unrefs the thread, so the process still ends when the tests do
parentPort!.on('message', (message: ToHost) => {
  if (message.type === 'transform-context') transforms.offer(message.context)
  if (message.type === 'type-check-context') typeCheck.offer(message.context, message.warmFile)
})

start().then(
  (message) => parentPort!.postMessage(message),
  (error: unknown) =>
    parentPort!.postMessage({
      type: 'failed',
      message: errorMessage(error),
    } satisfies HostMessage),
)
