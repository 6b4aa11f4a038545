import { Worker } from 'node:worker_threads'
import type { HostData, HostMessage } from './host-messages.js'

// The session host's thread (host.ts), started either by the bin before Jest runs — so it is ready when the
// first test file asks — or by that test file (in-band.ts), which adopts a thread the bin started. Nothing of core is
// imported here: the bin loads this before Jest `require`s our test runner, and Node's require of ES modules cannot
// take modules the import loader is still busy with.

export interface HostThread {
  worker: Worker
  /** The thread's first message: its channel, or why it could not start. */
  ready: Promise<HostMessage>
}

const EARLY = Symbol.for('mighty-patcher.jest.hostThread')

/** Starts the thread at `url` (host-thread.js beside in-band.js). It never holds the process: the tests do. */
export function spawnHostThread(url: URL, root: string, watchRoot: string): HostThread {
  const data: HostData = { root, watchRoot, color: colorSupported(), columns: process.stdout.columns || 80 }
  const worker = new Worker(url, { workerData: data })
  worker.unref()
  const ready = new Promise<HostMessage>((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the session thread exited (${code})`)))
  })
  ready.catch(() => {}) // said by the test file that adopts it
  return { worker, ready }
}

/** The bin's early start: kept for the first test file. */
export function startEarly(thread: HostThread): void {
  ;(globalThis as { [EARLY]?: HostThread })[EARLY] = thread
}

/** The thread the bin started, once: the first test file adopts it. */
export function takeEarly(): HostThread | undefined {
  const holder = globalThis as { [EARLY]?: HostThread }
  const thread = holder[EARLY]
  delete holder[EARLY]
  return thread
}

/** picocolors' test, made on this thread: the host thread's process.stdout is no TTY. */
function colorSupported(): boolean {
  const { env, argv } = process
  if (env.NO_COLOR || argv.includes('--no-color')) return false
  return !!env.FORCE_COLOR || argv.includes('--color') || (!!process.stdout.isTTY && env.TERM !== 'dumb') || !!env.CI
}
