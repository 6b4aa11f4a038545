import type { InspectFunctions, StopAction, StopInfo } from '../shared/protocol.js'
import type { WorkerRpc } from '../shared/rpc.js'
import { commandFor, questionOf, STOP_COMMANDS } from './commands.js'
import { formatHelp } from './format.js'
import { formatFrame, formatStopHeader, formatWhere } from './format-inspect.js'
import type { WorkerPeer } from './peer.js'
import type { TurnContext } from './turn-context.js'

/** The helper serves these besides WorkerFunctions (shared/protocol.ts). */
type InspectRpc = WorkerRpc & { frame: InspectFunctions['frame'] }

const QUESTION = questionOf(STOP_COMMANDS)

/**
 * A test process stopped at its throw, talked to through its helper: the frame, then commands until c/s/q. Saves go
 * to the helper; what it cannot live-edit stays pending for `worker` (the stopped test's, if it paused here first).
 */
export async function runStop(
  helper: WorkerPeer,
  stop: StopInfo,
  worker: () => WorkerPeer | undefined,
  turn: TurnContext,
): Promise<StopAction> {
  const { conversation, context, print } = turn
  const rpc = helper.rpc as InspectRpc
  let frame = stop.frame
  print(formatStopHeader(stop, context))

  async function move(by: number): Promise<void> {
    const index = frame.index + by
    if (index < 0 || index >= stop.frames.length) {
      print(context.c.dim(index < 0 ? '  this is where it threw (innermost frame)' : '  outermost frame of your code'))
      return
    }
    frame = await rpc.frame(index)
    print(formatFrame(frame, stop.frames.length, context))
  }

  return conversation.converse<StopAction>(helper, {
    question: QUESTION,
    gone: `worker ${stop.pid} exited while stopped (${stop.testName})`,
    beforeAsk: () => turn.sync({ helper, stoppedWorker: worker() }),
    async command(text) {
      switch (commandFor(STOP_COMMANDS, text)) {
        case 'continue':
          return 'continue'
        case 'skip':
          return 'skip'
        case 'quit':
          return turn.quit()
        case 'up':
          await move(1)
          return undefined
        case 'down':
          await move(-1)
          return undefined
        case 'where':
          print(formatWhere(stop.frames, frame.index, context))
          return undefined
        case 'list':
          print(formatFrame(frame, stop.frames.length, context))
          return undefined
        case 'help':
          print(formatHelp(STOP_COMMANDS, context))
          return undefined
        default:
          if (text) await conversation.evaluate(helper, text)
          return undefined
      }
    },
  })
}
