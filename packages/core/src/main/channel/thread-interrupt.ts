import { Session } from 'node:inspector'
import { isMainThread } from 'node:worker_threads'
import { THREAD_INTERRUPT_HOOK } from '../../shared/protocol.js'

// Vitest's threads pool runs tests on worker threads of the very process that owns the terminal: a SIGINT to it would
// reach Vitest, not the test. Its threads are reached through the inspector instead (the NodeWorker domain, from their
// parent thread, which this is): a call into a thread runs even while it is busy, cancels the interruptible work there
// and says whether a vm call that breakOnSigint watches runs now; only then is the signal sent, and that watch takes
// it (docs/architecture.md, "V8: stopping a thread from a helper").

/** Whether a test process with this pid is a worker thread of this process, started from this thread. */
export function testOnOurWorkerThread(pid: number): boolean {
  return pid === process.pid && isMainThread
}

/** Whether the test runs on this process's main thread while the session has a thread of its own (Jest in band). */
export function testOnOurMainThread(pid: number): boolean {
  return pid === process.pid && !isMainThread
}

const CALL = `(() => { const hook = globalThis[Symbol.for(${JSON.stringify(THREAD_INTERRUPT_HOOK)})]; return hook ? hook() : 'idle' })()`
const ANSWER_MS = 1000

/**
 * Interrupts the work of every worker thread of this process that runs some. Code that keeps a thread busy outside
 * such a vm call cannot be broken: that work answers when the code ends, or, when `ending` (the run ends now), its
 * execution is terminated so the thread can take the runner's cancel.
 */
export async function interruptWorkerThreads(ending = false): Promise<boolean> {
  let terminated = false
  const session = new Session()
  session.connect()
  const post = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))),
    )
  const workers: string[] = []
  const answers = new Map<string, (value: string) => void>()
  session.on('NodeWorker.attachedToWorker', ({ params }) => workers.push(params.sessionId))
  session.on('NodeWorker.receivedMessageFromWorker', ({ params }) => {
    const { id, result } = JSON.parse(params.message) as { id?: number; result?: { result?: { value?: unknown } } }
    if (id === 1) answers.get(params.sessionId)?.(String(result?.result?.value))
  })
  try {
    await post('NodeWorker.enable', { waitForDebuggerOnStart: false })
    const send = (sessionId: string, method: string, params: object = {}) =>
      post('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id: 1, method, params }) })
    const states = await Promise.all(
      workers.map(
        (sessionId) =>
          new Promise<string>((resolve) => {
            answers.set(sessionId, resolve)
            setTimeout(() => resolve('no answer'), ANSWER_MS).unref()
            send(sessionId, 'Runtime.evaluate', { expression: CALL }).catch(() => resolve('gone'))
          }),
      ),
    )
    if (states.includes('breakable')) process.kill(process.pid, 'SIGINT')
    if (ending)
      for (const [index, state] of states.entries())
        if (state === 'stuck') {
          await send(workers[index]!, 'Runtime.terminateExecution').catch(() => {})
          terminated = true
        }
  } catch {
    // no inspector here: nothing is interrupted, the caller says so when the work does not answer
  } finally {
    await post('NodeWorker.disable').catch(() => {})
    session.disconnect()
  }
  return terminated
}
