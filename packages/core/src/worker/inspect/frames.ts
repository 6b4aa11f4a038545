import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { EvalResult, FrameDetails, FrameSummary } from '../../shared/protocol.js'
import { linesAround } from '../source-lines.js'
import { isAwaitSyntaxError, withTopLevelAwait } from '../top-level-await.js'
import { type HookCaller, hookCaller } from './hook-call.js'
import { FULL, OBJECT_GROUP, type Post, type RemoteObject, render } from './remote.js'
import { scopesOf } from './scopes.js'
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
export const AWAIT_WHILE_STOPPED =
  'await cannot run here: the test is stopped at its throw, so its event loop is stopped and no promise can settle. ' +
  'Evaluate without await (a promise shows as pending, or with its value); await works at the pause prompt.'

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
  return {
    ...user.summary,
    index,
    source: linesAround(user.summary.file, user.summary.line, CONTEXT_LINES),
    ...(await scopesOf(post, user.frame)),
  }
}

/** Evaluates on the frame: locals and closure variables are in scope. The stopped thread cannot settle promises. */
export async function evaluateOnFrame(
  post: Post,
  hook: HookCaller,
  frame: CallFrame,
  expression: string,
  thrown?: RemoteObject,
): Promise<EvalResult> {
  // V8 would answer a SyntaxError that does not say why
  if (withTopLevelAwait(expression) !== undefined) return { ok: false, text: AWAIT_WHILE_STOPPED }
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
    if (isAwaitSyntaxError(thrown)) return { ok: false, text: AWAIT_WHILE_STOPPED }
    return { ok: false, text: thrown.split('\n')[0] ?? thrown }
  }
  return { ok: true, text: await render(post, result, FULL) }
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
