import type { PauseAction, PauseInfo } from '../../shared/protocol.js'
import type { WorkerPeer } from '../channel/peer.js'
import { interruptWorkerThreads, testOnOurMainThread, testOnOurWorkerThread } from '../channel/thread-interrupt.js'
import { WorkerTarget } from '../delivery/targets.js'
import { formatPauseHeader } from '../print/format.js'
import { PAUSE_COMMANDS } from './commands.js'
import type { Talk } from './conversation.js'
import type { TurnContext } from './turn-context.js'

/** What each of the pause's own commands says when it goes ahead. */
const GOING_AHEAD: Record<'inspect' | 'restart', string> = {
  inspect: 'inspect: re-running the test, to stop at its throw',
  restart:
    'restart: the rest of this file is skipped, then the file runs again from the code on disk; the summary counts the new run',
}

/**
 * What the test process takes as "give up what you run for main" (core/src/engine/interruptible.ts): a signal, since
 * a busy thread reads no channel. Jest's test thread shares this very process: the signal reaches its listener there.
 * A test on a worker thread of this process (Vitest's threads pool) is never signalled: the signal would reach Vitest.
 */
export function interruptTestProcess(pid: number): void {
  if (testOnOurWorkerThread(pid)) {
    void interruptWorkerThreads()
    return
  }
  try {
    process.kill(pid, 'SIGINT')
  } catch {
    // gone already: the conversation reports the exit
  }
}

/**
 * What is left when Ctrl-C did not stop an evaluation (code busy after an await, which no signal listener interrupts).
 * A worker thread of this process (Vitest's threads pool) is reached through the inspector and its work terminated.
 * Another test process, or Jest's test thread, cannot be: it is stopped when the run ends — a test process of its own
 * is killed and the runner reports its file as failed; Jest's process ends without its summary.
 */
function lastResort(pid: number): Pick<Talk<never, never>, 'terminate' | 'abandon'> {
  if (testOnOurWorkerThread(pid)) return { terminate: () => interruptWorkerThreads(true) }
  const kill = () => {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // gone already
    }
  }
  // (Jest's test thread is this process's main thread: terminating its work from the inspector aborts Node when that
  // work runs in a microtask, as code after an await does — so it is not tried)
  if (testOnOurMainThread(pid))
    return {
      abandon: () => {
        // this very process: its summary cannot be printed by a thread that never comes back
        setTimeout(kill, 200)
        return 'the test thread is still busy with what you typed: this process ends now, without the summary'
      },
    }
  return {
    abandon: () => {
      kill()
      return `stopped the test process (pid ${pid}), still busy with what you typed: its file is reported as failed`
    },
  }
}

/** A failed test's pause: the header, then commands until c/s/q/i/r. Saves are patched in before each question. */
export async function runPause(peer: WorkerPeer, info: PauseInfo, turn: TurnContext): Promise<PauseAction> {
  const { context, print } = turn
  print(formatPauseHeader(info, context))
  const interrupt = () => interruptTestProcess(info.pid)
  const onThread = testOnOurWorkerThread(info.pid)
  const { terminate, abandon } = lastResort(info.pid)
  const talk = {
    vocabulary: PAUSE_COMMANDS,
    gone: `worker ${info.pid} exited while paused (${info.testName})`,
    interrupt,
    terminate,
    abandon,
    async command(action: 'inspect' | 'restart'): Promise<'inspect' | 'restart' | undefined> {
      // `inspect` and `restart` are the pause's own commands; the runner says whether it can do them here
      const available = info[action]
      if (available === true) {
        print(context.c.dim(GOING_AHEAD[action]))
        return action
      }
      print(context.c.yellow(`${action} is not available here: ${available ?? 'this runner does not support it yet'}`))
      return undefined
    },
  }
  const action = await turn.delivery.during(new WorkerTarget(peer, interrupt), () =>
    turn.conversation.converse(peer, talk),
  )
  // an evaluation still spinning there would keep the thread from ever taking the runner's cancel
  if (onThread && action === 'quit') await interruptWorkerThreads(true)
  return action
}
