import type { PauseAction, PauseInfo } from '../shared/protocol.js'
import { PAUSE_COMMANDS } from './commands.js'
import { formatPauseHeader } from './format.js'
import type { WorkerPeer } from './peer.js'
import type { TurnContext } from './turn-context.js'

/** A failed test's pause: the header, then commands until c/s/q/i. Saves are patched in before each question. */
export async function runPause(peer: WorkerPeer, info: PauseInfo, turn: TurnContext): Promise<PauseAction> {
  const { context, print } = turn
  print(formatPauseHeader(info, context))
  return turn.conversation.converse(peer, {
    vocabulary: PAUSE_COMMANDS,
    gone: `worker ${info.pid} exited while paused (${info.testName})`,
    beforeAsk: () => turn.sync({ worker: peer }),
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
