import { type FunctionSite, lineStarts } from '../analysis/module-map.js'
import { arrowAt, type Instrumented } from '../instrument/instrument.js'
import { VERSION_MARK } from '../shared/protocol.js'

// The code that turns a function's new text into a function object inside an old scope
// (docs/architecture.md, "Compiling a new version"). Its text starts on the line and column the function has in the
// new code, and names the file as its sourceURL, so stack traces map through the runner's map of the new code.

/** Source to evaluate through a scope accessor; its value is the new function. */
export function versionSource(fresh: Instrumented, site: FunctionSite, url: string): string {
  const { edits } = fresh
  const node = site.node
  const lines = linesOf(fresh)
  if (site.kind === 'function' || site.kind === 'arrow')
    return placed(lines, fresh, '(', node.start, edits.slice(node.start, node.end), ')', url)
  const method = methodText(fresh, site)
  const home =
    site.classId === undefined
      ? ''
      : `Object.setPrototypeOf(__mp$o, ${site.static ? 'Object.getPrototypeOf(this)' : 'Object.getPrototypeOf(this.prototype)'}); `
  const part = site.kind === 'get' ? 'get' : site.kind === 'set' ? 'set' : 'value'
  return placed(
    lines,
    fresh,
    `(() => { const __mp$o = { ${method.prefix}`,
    method.at,
    method.text,
    ` }; ${home}return Object.getOwnPropertyDescriptor(__mp$o, Reflect.ownKeys(__mp$o)[0]).${part} })()`,
    url,
  )
}

/** A member (or a class field arrow) as an object-literal method, so `super` and accessors work as in a class. */
function methodText(fresh: Instrumented, site: FunctionSite): { prefix: string; at: number; text: string } {
  const { edits, code } = { edits: fresh.edits, code: fresh.map.code }
  const node = site.node
  const name = methodName(site.key)
  if (site.kind === 'field') {
    const arrow = arrowAt(code, node)
    const paramsStart = node.async ? code.indexOf('async', node.start) + 5 : node.start
    let params = edits.slice(paramsStart, arrow).trim()
    if (!params.startsWith('(')) params = `(${params})`
    const body = edits.slice(arrow, node.end).replace(/^=>/, '')
    return { prefix: `${node.async ? 'async ' : ''}${name}`, at: paramsStart, text: `${params}${body}` }
  }
  const modifiers = `${site.async ? 'async ' : ''}${site.generator ? '*' : ''}${site.kind === 'get' ? 'get ' : site.kind === 'set' ? 'set ' : ''}`
  return { prefix: `${modifiers}${name}`, at: node.start, text: edits.slice(node.start, node.end) }
}

function methodName(key: string | undefined): string {
  const plain = key?.replace(/^#/, '')
  return plain && /^[A-Za-z_$][\w$]*$/.test(plain) ? plain : '__mp$m'
}

const LINES = new WeakMap<Instrumented, number[]>()
function linesOf(fresh: Instrumented): number[] {
  let lines = LINES.get(fresh)
  if (!lines) {
    lines = lineStarts(fresh.map.code)
    LINES.set(fresh, lines)
  }
  return lines
}

/**
 * `prefix`, then `text` on the line and column where the original offset `at` lands in the instrumented code (no
 * instrumentation adds a line, so the line is the original's), then `suffix` and the sourceURL.
 */
function placed(
  lines: number[],
  fresh: Instrumented,
  prefix: string,
  at: number,
  text: string,
  suffix: string,
  url: string,
): string {
  let line = 0
  while (line + 1 < lines.length && (lines[line + 1] as number) <= at) line++
  const column = fresh.edits.slice(lines[line] as number, at).length
  const pad = line === 0 ? Math.max(0, column - prefix.length) : column
  return `${prefix}${'\n'.repeat(line)}${' '.repeat(pad)}${text}${suffix}\n${VERSION_MARK}\n//# sourceURL=${url}`
}
