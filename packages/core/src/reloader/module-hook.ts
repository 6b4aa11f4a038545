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
 * Passes each ES module's code (TypeScript: its types stripped) through `hook` before Node links it; `loaded` hears
 * of each file. Returns the undo.
 */
export function beforeModuleLinks(hook: (file: string, code: string) => string, loaded: (file: string) => void) {
  const registerHooks = (Module as unknown as { registerHooks: RegisterHooks }).registerHooks
  const hooks = registerHooks({
    load(url, context, nextLoad) {
      const result = nextLoad(url, context)
      if (!url.startsWith('file:') || (result.format !== 'module' && result.format !== 'module-typescript'))
        return result
      const file = fileURLToPath(url)
      const text =
        typeof result.source === 'string' ? result.source : new TextDecoder().decode(result.source ?? undefined)
      loaded(file)
      const code = result.format === 'module-typescript' ? stripTypes(text) : text
      return { ...result, format: 'module', source: hook(file, code) }
    },
  })
  return () => hooks.deregister()
}
