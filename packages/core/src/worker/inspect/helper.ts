// The inspect helper: a worker_thread of the test process that attaches to the test (main) thread, arms
// pause-on-exceptions for ONE attempt, and at the throw that fails the test talks to the prompt over its own channel
// connection: the stopped thread cannot serve anything (docs/architecture.md, "V8: stopping a thread from a helper").
// Started on the first `i`, ended after the attempt: nothing of this runs during normal runs (docs/architecture.md,
// "No debugger but for inspect").
import { Session } from 'node:inspector'
import { parentPort, workerData } from 'node:worker_threads'
import { errorMessage } from '../../shared/messages.js'
import type { EvalResult, FrameDetails, InspectFunctions, StopAction } from '../../shared/protocol.js'
import type { PatchReport } from '../../shared/report.js'
import type { WorkerChannel } from '../../shared/rpc.js'
import { connectChannel } from '../channel-client.js'
import { evaluateOnFrame } from './frame-evaluate.js'
import { type CallFrame, describeFrame, type StoppedStack, userFrames } from './frames.js'
import type { ArmRequest, FromHelper, HelperData, InspectOutcome, ToHelper } from './messages.js'
import { patchWhileStopped } from './patch-stopped.js'
import { OBJECT_GROUP, poster, type RemoteObject } from './remote.js'
import { firstLine, isExpectedThrow } from './thrown.js'

interface Paused {
  reason: string
  data?: RemoteObject
  callFrames: CallFrame[]
}

const data = workerData as HelperData
const parent = parentPort!
const session = new Session()
session.connectToMainThread()
const post = poster(session)
const send = (message: FromHelper) => parent.postMessage(message)
const scriptUrls = new Map<string, string>()
// file → module code patched in while the test thread was stopped: the test thread's runner maps follow it afterwards
const edited = new Map<string, string>()

let armed: ArmRequest | undefined
let stop: (StoppedStack & { selected: number; thrown?: RemoteObject }) | undefined
let finished = false
let channel: WorkerChannel | undefined

const functions: InspectFunctions = {
  async frame(index) {
    if (!stop) throw new Error('the test is not stopped')
    const clamped = Math.max(0, Math.min(stop.frames.length - 1, index))
    stop.selected = clamped
    return describeFrame(post, stop.frames[clamped]!, clamped)
  },
  async evaluate(expression): Promise<EvalResult> {
    if (!stop) return { ok: false, text: 'the test is not stopped' }
    return evaluateOnFrame(post, stop.hook, stop.frames[stop.selected]!.frame, expression, stop.thrown)
  },
  async patch(changed, deleted = []): Promise<PatchReport> {
    if (!stop || !channel) throw new Error('the test is not stopped')
    const main = channel.main
    return patchWhileStopped(changed, deleted, {
      hook: stop.hook,
      transform: (file) => main.transform(file),
      edited: (file, code) => edited.set(file, code),
    })
  },
}

// a ref'd listener keeps this thread alive: a pending cross-thread post does not (docs/architecture.md,
// "V8: stopping a thread from a helper")
parent.on('message', (message: ToHelper) => {
  if (message.type === 'arm') void arm(message)
  else if (!stop) void finish({ stopped: false, why: 'the re-run did not throw that error in your code' })
})
session.on('Debugger.scriptParsed', ({ params }) => scriptUrls.set(params.scriptId, params.url))
session.on('Debugger.paused', ({ params }) => void onPaused(params as unknown as Paused))

async function arm(request: ArmRequest): Promise<void> {
  try {
    channel ??= await connectChannel({ port: data.port, token: data.token, functions })
    await post('Debugger.enable')
    await post('Debugger.setPauseOnExceptions', { state: 'all' })
    armed = request
    send({ type: 'armed' })
  } catch (error) {
    await post('Debugger.disable').catch(() => {})
    send({ type: 'failed', message: errorMessage(error) })
  }
}

async function onPaused(paused: Paused): Promise<void> {
  try {
    if (!armed || stop || finished || (paused.reason !== 'exception' && paused.reason !== 'promiseRejection'))
      return await resume()
    for (const frame of paused.callFrames) frame.url ||= scriptUrls.get(frame.location.scriptId) ?? ''
    // the cheap check first: most pauses are other errors, each costs the stopped thread time
    let stack: StoppedStack | undefined
    const at = async () => {
      stack = await userFrames(post, paused.callFrames, armed!)
      return stack?.frames[0]?.summary
    }
    if (!(await isExpectedThrow(post, paused.data, armed, at))) return await resume()
    stack ??= await userFrames(post, paused.callFrames, armed)
    if (!stack) return await resume()
    stop = { ...stack, selected: 0, thrown: paused.data }
    const { frames } = stack
    const frame: FrameDetails = await describeFrame(post, frames[0]!, 0)
    let action: StopAction = 'skip'
    try {
      action = await channel!.main.stopped({
        testName: armed.testName,
        testFile: armed.testFile,
        pid: armed.pid,
        reason: paused.reason,
        error: firstLine(paused.data?.description) || 'Error',
        frames: frames.map((f) => f.summary),
        frame,
      })
    } catch {
      // the main process went away: let the test fail as it would have
    }
    await finish({ stopped: true, action })
  } catch (error) {
    await finish({ stopped: false, why: `inspect failed: ${errorMessage(error)}` })
  }
}

async function resume(): Promise<void> {
  await post('Debugger.resume').catch(() => {}) // not paused (any more): nothing to do
}

/** Disarms before the thread runs on, so the failing error propagates without another pause. */
async function finish(outcome: InspectOutcome): Promise<void> {
  if (finished) return
  finished = true
  armed = undefined
  await post('Debugger.setPauseOnExceptions', { state: 'none' }).catch(() => {})
  await post('Runtime.releaseObjectGroup', { objectGroup: OBJECT_GROUP }).catch(() => {})
  await resume()
  await post('Debugger.disable').catch(() => {})
  stop = undefined
  channel?.close()
  send({ type: 'done', outcome: { ...outcome, edited: [...edited].map(([file, code]) => ({ file, code })) } })
}
