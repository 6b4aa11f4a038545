import type { ArmRequest } from './messages.js'
import type { Post, RemoteObject } from './remote.js'

const NAME_AND_MESSAGE = 'function () { return [String(this && this.name), String(this && this.message)] }'

/**
 * Could this be the error that failed the previous attempt? Same name, and the same first line of message or (a message
 * with changing parts) thrown at a place of the previous stack: `at` is the innermost user frame, checked by the
 * caller. Other throws (caught by libraries or by the user's code) are resumed at once (~200 µs each:
 * docs/architecture.md, "V8: stopping a thread from a helper").
 */
export async function isExpectedThrow(
  post: Post,
  thrown: RemoteObject | undefined,
  { expected }: ArmRequest,
  at?: () => Promise<{ file: string; line: number } | undefined>,
): Promise<boolean> {
  if (!thrown?.objectId) return false
  try {
    const { result } = await post<{ result: { value?: [string, string] } }>('Runtime.callFunctionOn', {
      objectId: thrown.objectId,
      functionDeclaration: NAME_AND_MESSAGE,
      returnByValue: true,
      silent: true,
    })
    const [name, message] = result.value ?? []
    if (name !== expected.name) return false
    if (firstLine(message) === firstLine(expected.message)) return true
    const place = await at?.()
    return place !== undefined && stackPlaces(expected.stack).has(`${place.file}:${place.line}`)
  } catch {
    return false
  }
}

/** `file:line` of every frame of a V8 stack text (`at f (/a/b.ts:6:18)`, `at /a/b.ts:6:18`, file URLs too). */
export function stackPlaces(stack: string | undefined): Set<string> {
  const places = new Set<string>()
  for (const match of (stack ?? '').matchAll(/(?:\(|at )(?:file:\/\/)?(\/[^():\n]+):(\d+):\d+\)?$/gm))
    places.add(`${decodeURI(match[1]!)}:${match[2]}`)
  return places
}

export function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]!.trim()
}
