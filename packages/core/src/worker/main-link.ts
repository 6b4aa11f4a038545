import { createRequire, isBuiltin } from 'node:module'
import { pathToFileURL } from 'node:url'
import type { ModuleLoader, RunnerAdapter } from '../engine/adapter.js'
import type { PatchEngine } from '../engine/engine.js'
import { Interrupted, interruptible, shieldedFromSigint } from '../engine/interruptible.js'
import type { WorkerFunctions } from '../shared/protocol.js'
import type { PatchProgress } from '../shared/report.js'
import type { WorkerChannel } from '../shared/rpc.js'
import { completionsInRealm } from './complete.js'
import { evaluateInRealm, loadLineRewriter } from './evaluate.js'

/** A test process's open channel to main, and where the inspect helper connects (it opens its own). */
export interface MainConnection {
  channel: WorkerChannel
  port: number
  token: string
}

export interface MainLinkOptions {
  adapter: RunnerAdapter
  /** The project's exports, in scope at the prompt by name; `testFile`: the paused test's (its imports come first). */
  scope(testFile?: string): object
  /** Opens the channel, serving `functions` to main (Vitest: connectChannel; Jest: through its in-band host). */
  connect(functions: WorkerFunctions): Promise<MainConnection>
  /** The engine made when the worker started: it instruments modules as they load (docs/architecture.md, "Patches as data"). */
  engine: PatchEngine
  /** Runs what main asks for (a patch, a line typed at the prompt) as the runner's test code (Jest). */
  asTestCode?<T>(run: () => Promise<T>): Promise<T>
}

export interface MainLink {
  /** Made at the first call (patch engine, channel), the same one afterwards. */
  open(): Promise<MainConnection & { engine: PatchEngine }>
  /** While paused: `$error` for lines typed at the prompt, and the test file whose `require` they have. */
  failure: { error: unknown; testFile: string } | undefined
  close(): void
}

/** What a test process serves to main while paused: saves patched in, lines typed at the prompt evaluated. */
export function createMainLink({
  adapter,
  scope,
  connect,
  engine,
  asTestCode = (run) => run(),
}: MainLinkOptions): MainLink {
  let opened: ReturnType<MainLink['open']> | undefined
  /** The exports, and `require` and `import()` (as `$import`, evaluate.ts) as the paused test file has them. */
  const promptScope = () => {
    const testFile = link.failure?.testFile
    if (!testFile) return scope()
    const loader = adapter.loaderOf?.(testFile) ?? nodeLoader(testFile)
    return { ...scope(testFile), require: loader.require, $import: loader.import }
  }
  const link: MainLink = {
    failure: undefined,
    open() {
      opened ??= (async () => {
        // told as the patch goes, without waiting: main names what is slow by it
        const progress = (step: PatchProgress) => void main.channel.main.progress(step).catch(() => {})
        // the parser too: an inspect stop patches synchronously, on a thread that can load nothing, and a typed line
        // starts at once (Ctrl-C breaks a spin only in its synchronous start)
        const [main] = await Promise.all([
          connect({
            patch: (changed, deleted) =>
              asTestCode(() => shieldedFromSigint(() => engine.patch(changed, deleted, progress))),
            evaluate: (expression) =>
              asTestCode(() =>
                interruptible('evaluation', () =>
                  evaluateInRealm(adapter.realm, expression, link.failure?.error, promptScope()),
                ),
              ).catch((error: unknown) => {
                if (error instanceof Interrupted) return { ok: false, text: `${error.name}: ${error.message}` }
                throw error
              }),
            complete: async (line) => completionsInRealm(adapter.realm, line, link.failure?.error, promptScope()),
          }),
          engine.ready(),
          loadLineRewriter(),
        ])
        return { ...main, engine }
      })()
      return opened
    },
    close() {
      opened?.then(
        ({ channel, engine }) => {
          channel.close()
          engine.dispose()
        },
        () => {},
      )
    },
  }
  return link
}

/** Node's own `require`, and an `import()` that resolves as it does, from `file`. */
function nodeLoader(file: string): ModuleLoader {
  const require = createRequire(file)
  return {
    require,
    import: (id) => import(isBuiltin(id) ? id : pathToFileURL(require.resolve(id)).href),
  }
}
