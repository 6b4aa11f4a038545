import Module from 'node:module'

// Node's CommonJS loader hands each module's code to `Module.prototype._compile(content, filename)` — after Node's own
// type stripping for a `.ts` file — right before it compiles it: the one place a program's `require` can be changed
// from inside the program (docs/architecture.md, "Any Node program").

type Compile = (this: Module, content: string, filename: string, ...rest: unknown[]) => unknown

/**
 * Passes each CommonJS module's code through `hook` before Node compiles it; returns the undo. TypeScript comes to
 * `_compile` with its types (Node strips them inside, by the format it is given): they are stripped first, as Node
 * would, and the code goes on as JavaScript.
 */
export function beforeCommonJsCompile(hook: (file: string, code: string) => string): () => void {
  const prototype = Module.prototype as unknown as { _compile: Compile }
  const compile = prototype._compile
  prototype._compile = function (this: Module, content, filename, format, ...rest) {
    if (typeof format === 'string' && format.endsWith('-typescript'))
      return compile.call(
        this,
        hook(filename, stripTypes(content)),
        filename,
        format.replace('-typescript', ''),
        ...rest,
      )
    return compile.call(this, hook(filename, content), filename, format, ...rest)
  }
  return () => {
    prototype._compile = compile
  }
}

/** The CommonJS modules loaded so far, by file: their exports are what `require` gives. */
export function loadedCommonJs(): Map<string, { exports: unknown }> {
  const cache = (Module as unknown as { _cache: Record<string, { exports: unknown } | undefined> })._cache
  return new Map(Object.entries(cache).flatMap(([file, module]) => (module ? [[file, module] as const] : [])))
}

/** Types stripped as Node strips them (Node 22.18+, 23.6+; blanks in their place, so positions hold). */
export function stripTypes(code: string): string {
  const strip = (Module as unknown as { stripTypeScriptTypes?: (code: string) => string }).stripTypeScriptTypes
  if (!strip) throw new Error('this Node strips no TypeScript types (Node 22.18+ does)')
  return strip(code)
}
