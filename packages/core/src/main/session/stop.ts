import type { InspectFunctions, StopAction, StopInfo } from '../../shared/protocol.js'
import type { WorkerRpc } from '../../shared/rpc.js'
import type { WorkerPeer } from '../channel/peer.js'
import { StoppedTarget } from '../delivery/targets.js'
import { formatFrame, formatStopHeader, formatWhere } from '../print/format-inspect.js'
import { type SharedCommand, STOP_COMMANDS, type StopCommand } from './commands.js'
import type { TurnContext } from './turn-context.js'

/** The helper serves these besides WorkerFunctions (shared/protocol.ts). */
type InspectRpc = WorkerRpc & { frame: InspectFunctions['frame'] }

/**
 * A test process stopped at its throw, talked to through its helper: the frame, then commands until c/s/q. Saves go
 * to the helper; what it cannot patch while stopped stays pending for `stoppedWorker` (the stopped test's, if it paused here first).
 */
export async function runStop(
  helper: WorkerPeer,
  stop: StopInfo,
  stoppedWorker: WorkerPeer | undefined,
  turn: TurnContext,
): Promise<StopAction> {
  const { context, print } = turn
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

  return turn.delivery.during(new StoppedTarget(helper, stoppedWorker), () =>
    turn.conversation.converse<Exclude<StopCommand, SharedCommand>>(helper, {
      vocabulary: STOP_COMMANDS,
      gone: `worker ${stop.pid} exited while stopped (${stop.testName})`,
      // moving around the stack never answers: the stop goes on
      async command(action): Promise<undefined> {
        if (action === 'up') await move(1)
        else if (action === 'down') await move(-1)
        else if (action === 'where') print(formatWhere(stop.frames, frame.index, context))
        else print(formatFrame(frame, stop.frames.length, context)) // list
      },
    }),
  )
}
