import path from 'node:path'
import { realPath } from '../shared/real-path.js'

/**
 * The names the pause REPL puts in scope: exports of the project's loaded modules under `root` (not dependencies),
 * merged by name, first loaded first.
 */
export function exportsInScope(modules: Iterable<{ file: string; exports: unknown }>, root: string): object {
  const real = realPath(root)
  const scope: Record<string, unknown> = {}
  for (const { file, exports } of modules) {
    if (!(file.startsWith(root) || file.startsWith(real)) || file.includes(`${path.sep}node_modules${path.sep}`))
      continue
    if (!exports || (typeof exports !== 'object' && typeof exports !== 'function')) continue
    for (const name of Object.keys(exports))
      if (!(name in scope)) scope[name] = (exports as Record<string, unknown>)[name]
  }
  return scope
}
