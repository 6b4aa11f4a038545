import { PREFIX } from '../shared/messages.js'
import { type ChannelServer, startChannelServer } from './channel/channel-server.js'
import { createWatcher, type Watcher } from './delivery/watcher.js'
import { createSession, type SessionOptions } from './session/session.js'

export interface LoopHostOptions extends Omit<SessionOptions, 'beforePatch'> {
  /** The directory whose saves are patched in (and the test file of each pause, wherever it is). */
  watchRoot: string
  /** Runs once per batch of saves, before any worker hears of them (Vitest: drop its transform caches). */
  invalidate?(files: string[]): void | Promise<void>
  /**
   * Watch only while a test process is connected, lingering briefly between them (Jest: nothing closes the host at
   * the end of the run, and a watcher holds the event loop). Default: watch from the start until `close`.
   */
  watchWhileConnected?: boolean
}

export interface LoopHost {
  /** Where test processes connect (connectChannel). */
  port: number
  token: string
  close(): Promise<void>
}

// Lingering so that a run of many test files does not rescan the reload dir per file.
const LINGER_MS = 300

/**
 * The main side of the loop, for either runner: the pause session that owns the terminal, the watcher over the
 * reload dir, and the channel server test processes connect to. The first scan never holds up the run: only a pause
 * waits for it, since a save made before it ends would go unseen and the person saves after seeing the prompt.
 */
export async function startLoopHost({
  watchRoot,
  invalidate,
  watchWhileConnected = false,
  ...sessionOptions
}: LoopHostOptions): Promise<LoopHost> {
  const session = createSession(sessionOptions)
  let watcher: Watcher | undefined
  let connected = 0
  let linger: NodeJS.Timeout | undefined

  const watch = () =>
    createWatcher({
      root: watchRoot,
      async onChange(batch) {
        await invalidate?.([...batch.changed, ...batch.deleted])
        session.filesChanged(batch)
      },
    })
  const acquireWatcher = () => {
    connected++
    clearTimeout(linger)
    watcher ??= watch()
  }
  const releaseWatcher = () => {
    if (--connected > 0) return
    linger = setTimeout(() => {
      void watcher?.close()
      watcher = undefined
    }, LINGER_MS)
  }

  const server: ChannelServer = await startChannelServer(
    (peer) => {
      const served = session.serve(peer)
      if (watchWhileConnected) {
        acquireWatcher()
        peer.onClose(releaseWatcher)
      }
      return {
        ...served,
        // the test file is the person's code wherever it lives: its saves are patched even outside the reload dir
        async pause(info) {
          await watcher?.ready
          await watcher?.watchFile(info.testFile)
          return served.pause(info)
        },
        async stopped(stop) {
          await watcher?.watchFile(stop.testFile)
          return served.stopped(stop)
        },
      }
    },
    {
      onDropped: (reason) => session.say(`${PREFIX} dropped a connection to a test process: ${reason}`),
    },
  )
  if (!watchWhileConnected) watcher = watch()

  return {
    port: server.port,
    token: server.token,
    async close() {
      clearTimeout(linger)
      await session.close()
      await watcher?.close()
      await server.close()
    },
  }
}
