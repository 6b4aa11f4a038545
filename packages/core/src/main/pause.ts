import type { PauseAction, PauseInfo } from '../shared/protocol.js'
import { commandFor, PAUSE_COMMANDS, questionOf } from './commands.js'
import { formatHelp, formatPauseHeader } from './format.js'
import type { WorkerPeer } from './peer.js'
import type { TurnContext } from './turn-context.js'

const QUESTION = questionOf(PAUSE_COMMANDS)

/** A failed test's pause: the header, then commands until c/s/q/i. Saves are patched in before each question. */
export async function runPause(peer: WorkerPeer, info: PauseInfo, turn: TurnContext): Promise<PauseAction> {
  const { conversation, context, print } = turn
  print(formatPauseHeader(info, context))
  return conversation.converse(peer, {
    question: QUESTION,
    gone: `worker ${info.pid} exited while paused (${info.testName})`,
    beforeAsk: () => turn.sync({ worker: peer }),
    async command(text) {
      switch (commandFor(PAUSE_COMMANDS, text)) {
        case 'continue':
          return 'continue'
        case 'skip':
          return 'skip'
        case 'quit':
          return turn.quit()
        case 'inspect':
          if (info.inspect === true) {
            print(context.c.dim('inspect: re-running the test, to stop at its throw'))
            return 'inspect'
          }
          print(
            context.c.yellow(`inspect is not available here: ${info.inspect ?? 'this runner does not support it yet'}`),
          )
          return undefined
        case 'help':
          print(formatHelp(PAUSE_COMMANDS, context))
          return undefined
        default:
          if (text) await conversation.evaluate(peer, text)
          return undefined
      }
    },
  })
}
