import Module from 'node:module'
import path from 'node:path'

// Node's CommonJS loader hands each module's code to `Module.prototype._compile(content, filename, format)` right
// before it compiles it: after whatever require hook transformed it (tsx, @babel/register, ts-node), and, for Node's
// own TypeScript support, with the types still in (Node strips them inside `_compile`, by the format). That is where the
// reloader takes a program's CommonJS modules (docs/architecture.md, "Any Node program").

type Compile = (this: Module, content: string, filename: string, format?: string, ...rest: unknown[]) => unknown
type Extensions = Record<string, (module: Module, filename: string) => void>

/** Passes each CommonJS module's code, as JavaScript, through `hook` before Node compiles it; returns the undo. */
export function beforeCommonJsCompile(hook: (file: string, code: string) => string): () => void {
  const prototype = Module.prototype as unknown as { _compile: Compile }
  const compile = prototype._compile
  prototype._compile = function (this: Module, content, filename, format, ...rest) {
    const javaScript = asJavaScript(content, format)
    return compile.call(this, hook(filename, javaScript.code), filename, javaScript.format, ...rest)
  }
  return () => {
    prototype._compile = compile
  }
}

/**
 * The code Node would compile for `file` if it were required now: the file read again through the same require hooks
 * (a stand-in module catches what they hand to `_compile`), so a save is compared with what was loaded through the very
 * same transform.
 */
export function asCompiledNow(file: string): string {
  const extensions = (Module as unknown as { _extensions: Extensions })._extensions
  const load = extensions[path.extname(file)] ?? extensions['.js']
  let caught: string | undefined
  const standIn = new Module(file) as Module & { _compile: Compile; filename: string; paths: string[] }
  standIn.filename = file
  standIn.paths = []
  standIn._compile = (content, _filename, format) => {
    caught = asJavaScript(content, format).code
  }
  load?.(standIn, file)
  if (caught === undefined) throw new Error(`Node's loader gave no code for ${file}`)
  return caught
}

/** TypeScript with its types stripped as Node strips them (blanks in their place, so positions hold). */
function asJavaScript(content: string, format: string | undefined): { code: string; format: string | undefined } {
  if (!format?.endsWith('-typescript')) return { code: content, format }
  return { code: stripTypes(content), format: format.replace('-typescript', '') }
}

/**
 * Types stripped as Node strips them (Node 22.18+, 23.6+). The API says it is experimental, once per process: that
 * warning is ours, not the program's, and is not printed into its output.
 */
export function stripTypes(code: string): string {
  const strip = (Module as unknown as { stripTypeScriptTypes?: (code: string) => string }).stripTypeScriptTypes
  if (!strip) throw new Error('this Node strips no TypeScript types (Node 22.18+ does)')
  const emitWarning = process.emitWarning
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (!String(warning).includes('stripTypeScriptTypes'))
      (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest)
  }) as typeof process.emitWarning
  try {
    return strip(code)
  } finally {
    process.emitWarning = emitWarning
  }
}

/** The CommonJS modules loaded so far, by file: their exports are what `require` gives. */
export function loadedCommonJs(): Map<string, { exports: unknown }> {
  const cache = (Module as unknown as { _cache: Record<string, { exports: unknown } | undefined> })._cache
  return new Map(Object.entries(cache).flatMap(([file, module]) => (module ? [[file, module] as const] : [])))
}
