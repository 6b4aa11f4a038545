import Module from 'node:module'
import { fileURLToPath } from 'node:url'
import { MessageChannel } from 'node:worker_threads'
import { stripTypes } from './commonjs-hook.js'
import type { HooksData, LoadedMessage, ReadAnswer, ReadRequest } from './esm-hooks.js'
import { type LoadResult, sourceText } from './load-result.js'

// ES modules reach the reloader through Node's synchronous module hooks (`module.registerHooks`, Node 22.15+, 23.5+):
// they run on the program's own thread, so a module is instrumented where the engine that patches it lives
// (docs/architecture.md, "Any Node program"). CommonJS keeps its own way in (commonjs-hook.ts).

type RegisterHooks = (hooks: {
  load(url: string, context: object, nextLoad: (url: string, context?: object) => LoadResult): LoadResult
}) => { deregister(): void }

/** Whether this Node can hand ES modules to the reloader. */
export function canHookModules(): boolean {
  return typeof (Module as unknown as { registerHooks?: unknown }).registerHooks === 'function'
}

/**
 * Passes each ES module's code (TypeScript: its types stripped) through `hook` before Node links it. `loaded` hears of
 * each file, with what reads it again through the same hooks (the load chain it came through, called again: a save is
 * compared with what was loaded through the very same transform). Returns the undo.
 */
export function beforeModuleLinks(
  hook: (file: string, code: string) => string,
  loaded: (file: string, readAgain: () => string) => void,
): () => void {
  const registerHooks = (Module as unknown as { registerHooks: RegisterHooks }).registerHooks
  const hooks = registerHooks({
    load(url, context, nextLoad) {
      const result = nextLoad(url, context)
      if (!url.startsWith('file:') || !isModule(result.format)) return result
      const file = fileURLToPath(url)
      loaded(file, () => javaScript(nextLoad(url, context)))
      return { ...result, format: 'module', source: hook(file, javaScript(result)) }
    },
  })
  return () => hooks.deregister()
}

const isModule = (format: LoadResult['format']) => format === 'module' || format === 'module-typescript'

function javaScript(result: LoadResult): string {
  const text = sourceText(result)
  return result.format === 'module-typescript' ? stripTypes(text) : text
}

/**
 * Before Node 22.15: ES modules through `module.register`, whose hooks run on a loader thread of their own
 * (esm-hooks.ts). That thread instruments each module under `root` and tells this one what it was loaded from (the
 * word may come after the module started: the runtime takes it then); `loaded` gets that, and what reads the module
 * again through that thread's hooks. Hooks cannot be taken back: the undo only stops listening.
 */
export function instrumentOnLoaderThread(
  root: string,
  loaded: (message: LoadedMessage, readAgain: () => Promise<string>) => void,
): () => void {
  const { port1, port2 } = new MessageChannel()
  const asked = new Map<number, { resolve(code: string): void; reject(error: Error): void }>()
  let next = 0
  const readAgain = (file: string) =>
    new Promise<string>((resolve, reject) => {
      const id = next++
      asked.set(id, { resolve, reject })
      port1.postMessage({ type: 'read', id, file } satisfies ReadRequest)
    })
  port1.on('message', (message: LoadedMessage | ReadAnswer) => {
    if (message.type === 'loaded') return loaded(message, () => readAgain(message.file))
    const waiting = asked.get(message.id)
    asked.delete(message.id)
    if (message.code !== undefined) waiting?.resolve(message.code)
    else waiting?.reject(new Error(message.error ?? 'the loader thread gave no code'))
  })
  port1.unref()
  const data: HooksData = { port: port2, root }
  const register = (Module as unknown as { register(specifier: string, options: object): void }).register
  register(import.meta.resolve('@mighty-patcher/core/reloader/esm-hooks'), { data, transferList: [port2] })
  return () => port1.close()
}
