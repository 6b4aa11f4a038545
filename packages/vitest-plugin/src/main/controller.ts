import { createSession, createWatcher, startChannelServer } from '@mighty-patcher/core/main'
import type { Vitest } from 'vitest/node'
import type { ChannelInfo } from '../shared/constants.js'
import { transformForWorkers } from './transform.js'

// One per Vitest instance (the plugin's hook runs once per project): the channel workers connect to, the pause
// session that owns the terminal, and the watcher over the reload root.

/** `watchRoot` is the reload dir; paths are shown relative to the project root, where the person runs Vitest. */
export async function startController(vitest: Vitest, watchRoot: string): Promise<ChannelInfo> {
  const invalidate = (files: string[]) => {
    // the worker re-fetches these; Vitest 5 caches transforms on disk too, which only invalidateFile clears
    for (const file of files) vitest.invalidateFile(file)
  }
  const session = createSession({
    root: vitest.config.root,
    output: process.stdout,
    beforePatch: invalidate,
    transform: (file) => transformForWorkers(vitest, file),
    onQuit: () => void vitest.cancelCurrentRun('keyboard-input'),
  })
  // the first scan of the reload root must not hold up the run: only a pause needs the watcher ready
  const server = await startChannelServer((peer) => {
    const served = session.serve(peer)
    const pause: typeof served.pause = async (info) => {
      await watcher.ready
      return served.pause(info)
    }
    return { ...served, pause }
  })
  const watcher = createWatcher({
    root: watchRoot,
    onChange(batch) {
      invalidate([...batch.changed, ...batch.deleted])
      session.filesChanged(batch)
    },
  })
  vitest.onClose(async () => {
    await session.close()
    await watcher.close()
    await server.close()
  })
  return { port: server.port, token: server.token, root: watchRoot }
}
