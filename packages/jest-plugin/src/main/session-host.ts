import { type Ask, createSession, createWatcher, type Serve, type Watcher } from '@mighty-patcher/core/main'

// The main side of a Jest run — the pause session that owns the terminal, and the watcher. Jest runs in band, so it
// lives in the test process; it runs on a thread of its own (host-thread.ts), because an inspected test stops the
// test thread at its throw and the stop prompt must go on meanwhile.

export interface SessionHostOptions {
  root: string
  /** The directory whose saves are patched in. */
  watchRoot: string
  output: { write(text: string): unknown }
  prompt: Ask
  color: boolean
  /** Jest's transform of a saved file, for a test thread stopped by inspect (live edit while stopped). */
  transform?(file: string): Promise<string>
}

// A watcher holds the event loop open: it lives while a test file is connected, and lingers briefly between files so
// a run of many files does not rescan per file.
const LINGER_MS = 300

export function createSessionHost({ root, watchRoot, output, prompt, color, transform }: SessionHostOptions): Serve {
  const session = createSession({ root, output, prompt, color, transform })
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

  return (peer) => {
    const main = session.serve(peer)
    acquireWatcher()
    peer.onClose(releaseWatcher)
    return {
      ...main,
      async pause(info) {
        // a save made before the watcher's first scan ends would go unseen: the person saves after seeing this
        await watcher?.ready
        return main.pause(info)
      },
    }
  }
}
