import type { ResolveHook } from 'node:module'

// Module hooks for the literal `vitest --reload-loop` (registered by ./register): Vitest's bin is
// `vitest.mjs` → `import './dist/cli.js'`; that one import is answered with our CLI, which takes our flags out and
// runs Vitest the same way `vitest-reload` does. Nothing else is touched.

export const resolve: ResolveHook = async (specifier, context, next) => {
  if (specifier === './dist/cli.js' && context.parentURL?.endsWith('/vitest/vitest.mjs'))
    return { url: new URL('./cli-entry.js', import.meta.url).href, shortCircuit: true }
  return next(specifier, context)
}
