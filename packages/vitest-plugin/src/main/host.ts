import { rmSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { onProcessEnd, startLoopHost } from '@mighty-patcher/core/main'
import { runnerAtLeast } from '@mighty-patcher/core/shared'
import type { Vitest } from 'vitest/node'
import type { ChannelInfo } from '../shared/env.js'
import { transformForWorkers } from './transform.js'

// One per Vitest instance (the plugin's hook runs once per project): the loop's main side, told how Vitest forgets a
// saved file, transforms it for a test stopped by inspect, cancels the run on `q`, and where a worker finds Vitest's
// own modules to run a file again on `r`.

/** `watchRoot` is the reload dir; paths are shown relative to the project root, where the person runs Vitest. */
export async function startHost(vitest: Vitest, watchRoot: string): Promise<ChannelInfo> {
  const host = await startLoopHost({
    root: vitest.config.root,
    watchRoot,
    output: process.stdout,
    // the worker re-fetches these; Vitest 5 caches transforms on disk too, which only invalidateFile clears
    invalidate: (files) => {
      for (const file of files) vitest.invalidateFile(file)
    },
    transform: (file) => transformForWorkers(vitest, file),
    onQuit: () => void vitest.cancelCurrentRun('keyboard-input'),
  })
  // Vitest removes its temp folders (transformed copies of the project's source) only when it closes normally
  const off = onProcessEnd(() => removeTempDirs(vitest))
  vitest.onClose(async () => {
    await host.close()
    off()
  })
  return {
    port: host.port,
    token: host.token,
    root: watchRoot,
    retryConditions: runnerAtLeast(vitest.version, '4.1.0'),
    vitestDist: pathToFileURL(vitest.distPath).href,
  }
}

/** Vitest's and each project's temp folder (the first is internal, hence read by shape). */
function removeTempDirs(vitest: Vitest): void {
  const dirs = [
    (vitest as { _tmpDir?: string })._tmpDir,
    ...vitest.projects.map((project) => (project as { tmpDir?: string }).tmpDir),
  ]
  for (const dir of new Set(dirs)) if (dir) rmSync(dir, { recursive: true, force: true })
}
