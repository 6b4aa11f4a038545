import { isMainThread, Worker } from 'node:worker_threads'
import type { RunnerAdapter } from '../../engine/adapter.js'
import type { PatchEngine } from '../../engine/engine.js'
import { installHook } from './hook.js'
import type { ArmRequest, FromHelper, HelperData, InspectOutcome } from './messages.js'

export interface InspectorOptions {
  /** The main process's channel (the helper connects to it on its own). */
  port: number
  token: string
  /** The helper thread's entry. Default: this package's `worker/inspect-helper` build. */
  helper?: URL | string
  /** The runner's adapter: how the stopped thread's modules are mapped and found. */
  adapter?: RunnerAdapter
  /** Applies saves made while the thread is stopped. */
  engine?: Pick<PatchEngine, 'patchStopped'>
  /** Names an expression typed at the stop may use besides the frame's own (Vitest: the project's exports). */
  scope?: () => object
}

export type InspectRequest = Omit<ArmRequest, 'type' | 'pid'>

/** One armed attempt. `finish` after the attempt (passed or failed): it disarms and says whether it stopped. */
export interface InspectedAttempt {
  finish(): Promise<InspectOutcome>
}

/** Why `i` cannot work in this thread, if it cannot: only a process's main thread can be stopped by a helper. */
export function inspectUnavailable(): string | undefined {
  if (!isMainThread) return 'inspect needs the test to run on the main thread of its process (Vitest: --pool=forks)'
  return undefined
}

/**
 * Post-mortem for one attempt of a test (`i` at the pause prompt): a helper thread is started only now, stops this
 * thread at the throw that fails the test, serves the prompt while it is stopped, and is ended after the attempt.
 * Until the first `i` nothing of this exists: no thread, no inspector session, no Debugger (docs/architecture.md,
 * "No debugger but for inspect").
 */
export async function armInspector(options: InspectorOptions, request: InspectRequest): Promise<InspectedAttempt> {
  const unavailable = inspectUnavailable()
  if (unavailable) throw new Error(unavailable)
  const helper = options.helper ?? import.meta.resolve('@mighty-patcher/core/worker/inspect-helper')
  const data: HelperData = { port: options.port, token: options.token }
  const worker = new Worker(new URL(helper), { workerData: data, stdout: false, stderr: false })
  let settle: ((outcome: InspectOutcome) => void) | undefined
  const done = new Promise<InspectOutcome>((resolve) => {
    settle = resolve
  })
  const armed = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromHelper) => {
      if (message.type === 'armed') resolve()
      else if (message.type === 'failed') reject(new Error(message.message))
      else settle?.(message.outcome)
    })
    const gone = (why: string) => {
      reject(new Error(why))
      settle?.({ stopped: false, why })
    }
    worker.on('error', (error) => gone(`the inspect helper failed: ${error.message}`))
    worker.on('exit', () => gone('the inspect helper exited'))
  })
  const removeHook = installHook(options)
  const cleanUp = async () => {
    removeHook()
    await worker.terminate()
  }
  worker.postMessage({ type: 'arm', pid: process.pid, ...request } satisfies ArmRequest)
  try {
    await armed
  } catch (error) {
    await cleanUp()
    throw error
  }
  let finishing: Promise<InspectOutcome> | undefined
  return {
    finish() {
      finishing ??= (async () => {
        worker.postMessage({ type: 'disarm' })
        const outcome = await done
        await cleanUp()
        return outcome
      })()
      return finishing
    },
  }
}
