import { createLocalChannel, createSession, createWatcher, type Serve, type Watcher } from '@mighty-patcher/core/main'
import type { WorkerChannel, WorkerFunctions } from '@mighty-patcher/core/shared'
import { ENV_DIR } from '../shared/env.js'
import { muteJestStatus } from './status-mute.js'

// With --runInBand, Jest's "workers" (our test runner, one per test file) run in this very process. The main side —
// the pause session that owns the terminal, and the watcher — is started once per process, the first time a test
// file connects, and reached only through a local channel, as a real worker would reach it over a socket.

export interface SessionHost {
  connect(functions: WorkerFunctions): WorkerChannel
}

// A watcher holds the event loop open: it must not outlive the run, or Jest never exits. It lives while a test
// file is connected, and lingers briefly between files so a run of many files does not rescan per file.
const LINGER_MS = 300

export function startSessionHost(root = process.cwd(), watchRoot = process.env[ENV_DIR] || root): SessionHost {
  const status = muteJestStatus(root)
  const session = createSession({ root, output: process.stdout })
  let watcher: Watcher | undefined
  let connected = 0
  let linger: NodeJS.Timeout | undefined

  const acquireWatcher = () => {
    connected++
    clearTimeout(linger)
    watcher ??= createWatcher({ root: watchRoot, onChange: (batch) => session.filesChanged(batch) })
  }
  const releaseWatcher = () => {
    if (--connected > 0) return
    linger = setTimeout(() => {
      void watcher?.close()
      watcher = undefined
    }, LINGER_MS)
  }

  const serve: Serve = (peer) => {
    const main = session.serve(peer)
    acquireWatcher()
    peer.onClose(releaseWatcher)
    return {
      ...main,
      async pause(info) {
        status.hold()
        try {
          // a save made before the watcher's first scan ends would go unseen: the person saves after seeing this
          await watcher?.ready
          return await main.pause(info)
        } finally {
          status.release()
        }
      },
    }
  }
  const channel = createLocalChannel(serve)
  return { connect: (functions) => channel.connect(functions) }
}
