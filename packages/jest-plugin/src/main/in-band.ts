import type { WorkerChannel, WorkerFunctions } from '@mighty-patcher/core/shared'
import { type SessionHost, startSessionHost } from './session-host.js'

// The one entry the test runner loads from main (by URL, never bundled into worker code: design rule 2).

const HOST = Symbol.for('mighty-patcher.jest.sessionHost')

/** Connects a test file to this process's pause session, starting the session on first use. */
export function connectInBand(functions: WorkerFunctions): WorkerChannel {
  // process-wide: Jest may load this module more than once (require and import caches are separate)
  const holder = globalThis as { [HOST]?: SessionHost }
  holder[HOST] ??= startSessionHost()
  return holder[HOST].connect(functions)
}
