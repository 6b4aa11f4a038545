import path from 'node:path'
import { realPath } from '../shared/real-path.js'

/** A name the REPL can type bare. */
export const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/**
 * The names the pause REPL puts in scope: exports of the project's loaded modules under `root` (not dependencies),
 * merged by name: the modules in `first` (the failing test file's own imports) first, then the others, first loaded
 * first; then each default export under its own name (a named function or class) or its
 * file's (`src/format-date.ts` → `formatDate`, an `index` file by its folder), where no export has that name; and
 * `$modules`, every module's exports by its path as the pause shows it (from the working directory).
 */
export function exportsInScope(
  modules: Iterable<{ file: string; exports: unknown }>,
  root: string,
  first: ReadonlySet<string> = new Set(),
): object {
  const real = realPath(root)
  const scope: Record<string, unknown> = {}
  const defaults: [string, unknown][] = []
  const byPath: Record<string, unknown> = {}
  const all = [...modules]
  const ordered = [...all.filter(({ file }) => first.has(file)), ...all.filter(({ file }) => !first.has(file))]
  for (const { file, exports } of ordered) {
    if (!(file.startsWith(root) || file.startsWith(real)) || file.includes(`${path.sep}node_modules${path.sep}`))
      continue
    if (!exports || (typeof exports !== 'object' && typeof exports !== 'function')) continue
    byPath[path.relative(process.cwd(), file).split(path.sep).join('/')] = exports
    for (const name of Object.keys(exports)) {
      const value = (exports as Record<string, unknown>)[name]
      if (name === 'default') {
        const named = defaultName(file, value)
        if (named) defaults.push([named, value])
      } else if (!(name in scope)) scope[name] = value
    }
  }
  for (const [name, value] of defaults) if (!(name in scope)) scope[name] = value
  scope.$modules = byPath
  return scope
}

function defaultName(file: string, value: unknown): string | undefined {
  const own = typeof value === 'function' ? value.name : ''
  if (IDENTIFIER.test(own) && own !== 'default') return own
  let base = path.basename(file).replace(/\.[^.]*$/, '')
  if (base === 'index') base = path.basename(path.dirname(file))
  const camel = base.replace(/[-_.\s]+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase())
  return IDENTIFIER.test(camel) ? camel : undefined
}
