import path from 'node:path'
import pc from 'picocolors'
import type { RunnerAdapter } from '../engine/adapter.js'
import { createPatchEngine } from '../engine/engine.js'
import { instrumentOnLoad, underReloadDir } from '../engine/load-hook.js'
import { createWatcher, type Watcher } from '../main/delivery/watcher.js'
import { formatPatchReport, relativePath } from '../main/print/format.js'
import { errorMessage, PREFIX } from '../shared/messages.js'
import { realPath } from '../shared/real-path.js'
import { asCompiledNow, beforeCommonJsCompile, loadedCommonJs } from './commonjs-hook.js'
import { beforeModuleLinks, canHookModules, instrumentOnLoaderThread } from './module-hook.js'

// The third consumer of the engine, beside the two test runners (docs/architecture.md, "Any Node program"): a running
// program's own modules, instrumented as Node loads them, and each save under the reload dir patched into the same
// process. No prompt: the program owns stdin. Each save is one line on stderr, never a crash, never silent.

export interface AutoReloaderOptions {
  /** The reload dir: modules under it (outside node_modules) are patched on save. */
  dir: string
  /** Where the lines go. Default: stderr. */
  output?: { write(text: string): unknown }
  color?: boolean
}

export interface AutoReloader {
  readonly dir: string
  /** Stops watching; modules keep the code they run now. */
  close(): Promise<void>
}

/**
 * Starts reloading `dir` in this process: every CommonJS module loaded from now on is instrumented, and each save is
 * patched in. Modules of `dir` loaded before it started run as they are, and are named.
 */
export async function startAutoReloader({
  dir,
  output = process.stderr,
  color = pc.isColorSupported,
}: AutoReloaderOptions): Promise<AutoReloader> {
  const root = realPath(path.resolve(dir))
  const say = (lines: string | string[]) => {
    for (const line of typeof lines === 'string' ? [lines] : lines) output.write(`${PREFIX} ${line}\n`)
  }
  const context = { root: process.cwd(), c: pc.createColors(color) }
  const early = [...loadedCommonJs().keys()].filter((file) => underReloadDir(root, file))
  const esModules = new Map<string, () => string | Promise<string>>()
  const engine = createPatchEngine(programAdapter(esModules))
  await engine.ready()
  const instrument = instrumentOnLoad(engine, { root, isTestFile: () => false, warn: say })
  // the parser is ready: instrumenting is synchronous, as Node's require and its module hooks need
  const sync = (file: string, code: string) => instrument(file, code) as string
  const unhooks = [beforeCommonJsCompile(sync)]
  // ES modules: on the program's thread where Node allows it, else through a loader thread of their own
  // every ES module passes the hook: those of the reload dir are the ones a save may patch
  const rememberModule = (file: string, readAgain: () => string) => {
    if (underReloadDir(root, file)) esModules.set(file, readAgain)
  }
  if (canHookModules()) unhooks.push(beforeModuleLinks(sync, rememberModule))
  else
    unhooks.push(
      instrumentOnLoaderThread(root, ({ file, code, hashes, topNames }, readAgain) => {
        engine.loadedElsewhere(file, code, { hashes, topNames })
        esModules.set(file, readAgain)
      }),
    )
  if (early.length > 0)
    say(
      context.c.yellow(
        `loaded before the reloader started, so never patched: ${early.map((file) => path.relative(process.cwd(), file)).join(', ')}`,
      ),
    )
  const watcher: Watcher = createWatcher({
    root,
    onChange: async (batch) => {
      try {
        const report = await engine.patch(batch.changed, batch.deleted)
        const unloaded = report.files.filter((file) => file.status === 'not-loaded')
        say(formatPatchReport({ ...report, files: report.files.filter((file) => !unloaded.includes(file)) }, context))
        if (unloaded.length > 0) {
          const names = unloaded.map((file) => relativePath(context.root, file.file)).join(', ')
          // an ES module imported before a programmatic start cannot be told from one never loaded
          say(context.c.dim(`not patched: ${names} — not loaded since the reloader started`))
        }
      } catch (error) {
        say(context.c.red(`patch failed: ${errorMessage(error)} — old code keeps running`))
      }
    },
    onError: (error) => say(context.c.red(`watcher: ${errorMessage(error)}`)),
  })
  await watcher.ready
  return {
    dir: root,
    async close() {
      for (const unhook of unhooks) unhook()
      await watcher.close()
    },
  }
}

/**
 * What the engine asks of this process: Node's own module cache (an ES module's namespace is not reachable: only that
 * it loaded), and a file's code as Node compiles it.
 */
function programAdapter(esModules: ReadonlyMap<string, () => string | Promise<string>>): RunnerAdapter {
  return {
    realm: globalThis,
    restart: 'a restart of the program loads it anew',
    // the file as it is, or with its types blanked out
    sameLines: true,
    modulesOf(file) {
      const module = loadedCommonJs().get(file)
      if (module) return [{ file, exports: module.exports }]
      return esModules.has(file) ? [{ file, exports: undefined }] : []
    },
    // through the same hooks the module was loaded through (Node's own type stripping, tsx, any require hook)
    async transform(file) {
      const readAgain = esModules.get(file)
      return readAgain ? readAgain() : asCompiledNow(file)
    },
  }
}
