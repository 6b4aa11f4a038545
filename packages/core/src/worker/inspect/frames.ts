import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { EvalResult, FrameDetails, FrameSummary } from '../../shared/protocol.js'
import { type HookCaller, hookCaller } from './hook-call.js'
import { FULL, OBJECT_GROUP, type Post, type RemoteObject, render, SHORT, shorten } from './remote.js'
import { originalPosition, type RawSourceMap } from './source-map.js'

// The stopped thread's call frames, reduced to the user's code (the test file and files under the reload dir, never
// node_modules, the runner or the assertion library) and described for the prompt.

export interface CallFrame {
  callFrameId: string
  functionName: string
  location: { scriptId: string; lineNumber: number; columnNumber: number }
  url: string
  scopeChain: { type: string; object: RemoteObject }[]
}

export interface UserFrame {
  frame: CallFrame
  summary: FrameSummary
}

export interface UserCode {
  testFile: string
  /** The reload dir. */
  root: string
}

const CONTEXT_LINES = 2
const MAX_LOCALS = 20

export function isUserFile(file: string, { testFile, root }: UserCode): boolean {
  if (file.split(path.sep).includes('node_modules')) return false
  return file === testFile || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep)
}

export interface StoppedStack {
  frames: UserFrame[]
  /** Calls the runner's hook in the realm of the innermost user frame. */
  hook: HookCaller
}

/** The user's frames, each placed in the file on disk (source-mapped); undefined when none is the user's code. */
export async function userFrames(post: Post, frames: CallFrame[], code: UserCode): Promise<StoppedStack | undefined> {
  const mine = frames.flatMap((frame) => {
    const file = fileOf(frame.url)
    return file && isUserFile(file, code) ? [{ frame, file }] : []
  })
  if (mine.length === 0) return undefined
  const hook = hookCaller(post, mine[0]!.frame.callFrameId)
  const maps = new Map<string, RawSourceMap | undefined>()
  const user: UserFrame[] = []
  for (const { frame, file } of mine) {
    const { scriptId, lineNumber, columnNumber } = frame.location
    if (!maps.has(scriptId)) maps.set(scriptId, await hook.sourceMap(scriptId, file))
    const map = maps.get(scriptId)
    const original = map ? originalPosition(map, lineNumber, columnNumber) : undefined
    user.push({
      frame,
      summary: {
        functionName: frame.functionName || '<anonymous>',
        file,
        line: (original?.line ?? lineNumber) + 1,
        column: (original?.column ?? columnNumber) + 1,
      },
    })
  }
  return { frames: user, hook }
}

export async function describeFrame(post: Post, user: UserFrame, index: number): Promise<FrameDetails> {
  return { ...user.summary, index, source: sourceAround(user.summary), locals: await localsOf(post, user.frame) }
}

/** Evaluates on the frame: locals and closure variables are in scope. The stopped thread cannot settle promises. */
export async function evaluateOnFrame(
  post: Post,
  hook: HookCaller,
  frame: CallFrame,
  expression: string,
  thrown?: RemoteObject,
): Promise<EvalResult> {
  await hook.callWith('enterScope', thrown?.objectId).catch(() => {})
  let answer: { result: RemoteObject; exceptionDetails?: { text: string; exception?: RemoteObject } }
  try {
    answer = await post('Debugger.evaluateOnCallFrame', {
      callFrameId: frame.callFrameId,
      expression,
      objectGroup: OBJECT_GROUP,
      silent: true,
    })
  } finally {
    await hook.call('leaveScope').catch(() => {})
  }
  const { result, exceptionDetails } = answer
  if (exceptionDetails) {
    const thrown = exceptionDetails.exception?.description ?? exceptionDetails.text
    return { ok: false, text: thrown.split('\n')[0] ?? thrown }
  }
  return { ok: true, text: await render(post, result, FULL) }
}

async function localsOf(post: Post, frame: CallFrame): Promise<FrameDetails['locals']> {
  const locals: FrameDetails['locals'] = []
  const seen = new Set<string>()
  // block scopes inside the function, then its own: what encloses it (the module's top level…) is reachable by name
  const own = frame.scopeChain.findIndex((scope) => scope.type === 'local')
  for (const scope of frame.scopeChain.slice(0, own + 1)) {
    if ((scope.type !== 'local' && scope.type !== 'block') || !scope.object.objectId) continue
    const { result } = await post<{ result: { name: string; value?: RemoteObject }[] }>('Runtime.getProperties', {
      objectId: scope.object.objectId,
      ownProperties: true,
    })
    for (const property of result) {
      if (seen.has(property.name) || locals.length >= MAX_LOCALS) continue
      seen.add(property.name)
      const preview = property.value ? shorten(await render(post, property.value, SHORT)) : '<uninitialized>'
      locals.push({ name: property.name, preview })
    }
  }
  return locals
}

function sourceAround({ file, line }: FrameSummary): FrameDetails['source'] {
  let lines: string[]
  try {
    lines = readFileSync(file, 'utf8').split(/\r?\n/)
  } catch {
    return []
  }
  const from = Math.max(1, line - CONTEXT_LINES)
  const to = Math.min(lines.length, line + CONTEXT_LINES)
  const out: FrameDetails['source'] = []
  for (let n = from; n <= to; n++) out.push({ line: n, text: lines[n - 1] ?? '' })
  return out
}

function fileOf(url: string): string | undefined {
  if (url.startsWith('file://')) {
    try {
      return fileURLToPath(url)
    } catch {
      return undefined
    }
  }
  return path.isAbsolute(url) ? url : undefined
}
