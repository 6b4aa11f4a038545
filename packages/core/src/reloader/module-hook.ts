import Module from 'node:module'
import { fileURLToPath } from 'node:url'
import { stripTypes } from './commonjs-hook.js'

// ES modules reach the reloader through Node's synchronous module hooks (`module.registerHooks`, Node 22.15+, 23.5+):
// they run on the program's own thread, so a module is instrumented where the engine that patches it lives
// (docs/architecture.md, "Any Node program"). CommonJS keeps its own way in (commonjs-hook.ts).

interface LoadResult {
  format?: string | null
  source?: string | ArrayBuffer | Uint8Array | null
  shortCircuit?: boolean
}
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

function javaScript({ format, source }: LoadResult): string {
  const text = typeof source === 'string' ? source : new TextDecoder().decode(source ?? undefined)
  return format === 'module-typescript' ? stripTypes(text) : text
}
