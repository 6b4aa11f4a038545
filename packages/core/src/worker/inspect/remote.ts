import type { Session } from 'node:inspector'
import { type InspectOptions, inspect } from 'node:util'

// Values on the stopped thread, seen from the helper thread: CDP remote objects, rendered by util.inspect run ON the
// stopped thread (synchronous code may run there while it is paused), so previews read like console.log.

export type Post = <T = unknown>(method: string, params?: object) => Promise<T>

export interface RemoteObject {
  type: string
  subtype?: string
  className?: string
  value?: unknown
  unserializableValue?: string
  description?: string
  objectId?: string
}

/** Objects the helper asked for; released before the thread resumes. */
export const OBJECT_GROUP = 'mighty-patcher-inspect'

export function poster(session: Session): Post {
  return <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))),
    )
}

/** One line for the locals list. */
export const SHORT: InspectOptions = {
  depth: 1,
  breakLength: Number.POSITIVE_INFINITY,
  maxArrayLength: 6,
  maxStringLength: 60,
  colors: false,
}
/** What the REPL prints for an evaluated expression. */
export const FULL: InspectOptions = { depth: 4, colors: true }

const INSPECT_ON_THREAD = `function (options) {
  const util = globalThis.process && globalThis.process.getBuiltinModule && globalThis.process.getBuiltinModule('node:util')
  return util ? util.inspect(this, options) : String(this)
}`

export async function render(post: Post, object: RemoteObject, options: InspectOptions): Promise<string> {
  if (!object.objectId) return inspect(primitive(object), options)
  try {
    const { result } = await post<{ result: RemoteObject }>('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: INSPECT_ON_THREAD,
      arguments: [{ value: { ...options, breakLength: finite(options.breakLength) } }],
      returnByValue: true,
      silent: true,
    })
    let text = typeof result.value === 'string' ? result.value : (object.description ?? object.type)
    // JSON has no Infinity: a one-line preview is joined here
    if (options.breakLength === Number.POSITIVE_INFINITY) text = text.replace(/\s*\n\s*/g, ' ')
    return text
  } catch {
    return object.description ?? object.type
  }
}

export function shorten(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

function primitive(object: RemoteObject): unknown {
  if (object.unserializableValue !== undefined) {
    const raw = object.unserializableValue
    if (raw.endsWith('n')) return BigInt(raw.slice(0, -1))
    return Number(raw)
  }
  return object.type === 'undefined' ? undefined : object.value
}

function finite(n: number | undefined): number | undefined {
  return n === Number.POSITIVE_INFINITY ? 1e9 : n
}
