import { onProcessEnd } from '@mighty-patcher/core/main'
import { ENV_DIR } from '../shared/env.js'
import type { ToHost, TransformContext } from './host-messages.js'
import { spawnHostThread, takeEarly } from './host-spawn.js'
import { muteJestStatus, type StatusMute } from './status-mute.js'

// The one entry the test runner loads from main (by URL, never bundled into worker code: docs/architecture.md, "The
// worker never loads main"). With --runInBand, Jest's "workers" (our test runner, one per test file) run in this very
// process: the main side is started here once per process, the first time a test file asks, on a thread of its own
// (host.ts). Test files reach it over the loopback channel, as a real worker would, and so does the inspect
// helper while this thread is stopped at a throw.

export interface InBandHost {
  /** The session's channel (connectChannel). */
  port: number
  token: string
  /** Jest's status redraw, muted around a pause or an inspected attempt: it lives on this thread, not the host's. */
  status: Pick<StatusMute, 'hold' | 'release'>
  /** Lets the session thread run Jest's transform for this test file's project (inspect: saves while stopped). */
  offerTransform(context: TransformContext): void
  /** This test file's ts-jest type-checks: saves are checked after their patch, off this thread. */
  offerTypeCheck(context: TransformContext, warmFile: string): void
}

const HOST = Symbol.for('mighty-patcher.jest.sessionHost')

/** This process's session host, started on first use. */
export function inBandHost(): Promise<InBandHost> {
  // process-wide: Jest may load this module more than once (require and import caches are separate)
  const holder = globalThis as { [HOST]?: Promise<InBandHost> }
  holder[HOST] ??= startHostThread()
  return holder[HOST]
}

async function startHostThread(root = process.cwd(), watchRoot = process.env[ENV_DIR] || root): Promise<InBandHost> {
  const { worker, ready: started } =
    takeEarly() ?? spawnHostThread(new URL('./host-thread.js', import.meta.url), root, watchRoot)
  // the session's thread gets no signals: the terminal it borrowed is given back from here
  onProcessEnd()
  const ready = await started
  if (ready.type === 'failed') {
    await worker.terminate()
    throw new Error(`the session could not start: ${ready.message}`)
  }
  const status = muteJestStatus(root)
  const post = (message: ToHost) => {
    try {
      worker.postMessage(message)
    } catch {
      // a config that does not clone: saves while stopped wait for `c` (the session says so), and type errors wait
      // for Jest's next run
    }
  }
  return {
    port: ready.port,
    token: ready.token,
    status,
    offerTransform: (context) => post({ type: 'transform-context', context }),
    offerTypeCheck: (context, warmFile) => post({ type: 'type-check-context', context, warmFile }),
  }
}
