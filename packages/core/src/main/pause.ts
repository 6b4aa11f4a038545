import type { PauseAction, PauseInfo } from '../shared/protocol.js'
import { PAUSE_COMMANDS } from './commands.js'
import { formatPauseHeader } from './format.js'
import type { WorkerPeer } from './peer.js'
import type { TurnContext } from './turn-context.js'

/**
 * What the test process takes as "give up what you run for main" (core/src/worker/interruptible.ts): a signal, since
 * a busy thread reads no channel. Jest's test thread shares this very process: the signal reaches its listener there.
 */
export function interruptTestProcess(pid: number): void {
  try {
    process.kill(pid, 'SIGINT')
  } catch {
    // gone already: the conversation reports the exit
  }
}

/** A failed test's pause: the header, then commands until c/s/q/i. Saves are patched in before each question. */
export async function runPause(peer: WorkerPeer, info: PauseInfo, turn: TurnContext): Promise<PauseAction> {
  const { context, print } = turn
  print(formatPauseHeader(info, context))
  const interrupt = () => interruptTestProcess(info.pid)
  return turn.conversation.converse(peer, {
    vocabulary: PAUSE_COMMANDS,
    gone: `worker ${info.pid} exited while paused (${info.testName})`,
    beforeAsk: () => turn.sync({ worker: peer, interrupt }),
    interrupt,
    async command(): Promise<'inspect' | undefined> {
      // `inspect` is the pause's only command of its own
      if (info.inspect === true) {
        print(context.c.dim('inspect: re-running the test, to stop at its throw'))
        return 'inspect'
      }
      print(context.c.yellow(`inspect is not available here: ${info.inspect ?? 'this runner does not support it yet'}`))
      return undefined
    },
  })
}
