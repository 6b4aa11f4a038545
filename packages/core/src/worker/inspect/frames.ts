import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { originalPosition, type RawSourceMap } from '../../analysis/source-map.js'
import type { FrameDetails, FrameSummary } from '../../shared/protocol.js'
import { linesAround } from '../source-lines.js'
import { type HookCaller, hookCaller } from './hook-call.js'
import type { Post, RemoteObject } from './remote.js'
import { scopesOf } from './scopes.js'

// The stopped thread's call frames, reduced to the user's code (the test file and files under the reload dir, never
// node_modules, the runner or the assertion library) and described for the prompt.

export interface CallFrame {
  callFrameId: string
  functionName: string
  location: { scriptId: string; lineNumber: number; columnNumber: number }
  url: string
  scopeChain: { type: string; object: RemoteObject }[]
  this?: RemoteObject
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
  const hook = hookCaller(post, mine[0]!.frame)
  const maps = new Map<string, RawSourceMap | undefined>()
  const user: UserFrame[] = []
  for (const { frame, file } of mine) {
    const { scriptId, lineNumber, columnNumber } = frame.location
    if (!maps.has(scriptId)) maps.set(scriptId, await hook.sourceMap(scriptId, file))
    const map = maps.get(scriptId)
    const original = map ? originalPosition(map, lineNumber + 1, columnNumber) : undefined
    user.push({
      frame,
      summary: {
        functionName: frame.functionName || '<anonymous>',
        file,
        line: original?.line ?? lineNumber + 1,
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
