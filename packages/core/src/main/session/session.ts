import pc from 'picocolors'
import { errorMessage, PREFIX } from '../../shared/messages.js'
import type { MainFunctions, PauseAction, PauseInfo, StopAction, StopInfo } from '../../shared/protocol.js'
import type { WorkerPeer } from '../channel/peer.js'
import { createDelivery } from '../delivery/delivery.js'
import type { AfterPatch } from '../delivery/patch-notices.js'
import { WorkerTarget } from '../delivery/targets.js'
import type { ChangeBatch } from '../delivery/watcher.js'
import type { FormatContext } from '../print/format.js'
import { openHistory } from '../terminal/history.js'
import { type Ask, createPrompt } from '../terminal/prompt.js'
import { createConversation } from './conversation.js'
import { interruptTestProcess, runPause } from './pause.js'
import { runStop } from './stop.js'
import type { TurnContext } from './turn-context.js'
import { createTurnQueue } from './turn-queue.js'

export interface SessionOptions {
  root: string
  output: { write(text: string): unknown }
  /** Default: the terminal prompt on process.stdin/stdout. */
  prompt?: Ask
  /** Runs before each patch with the files about to be patched (Vitest: invalidate its transform cache). */
  beforePatch?(files: string[]): void | Promise<void>
  /**
   * The runner's fresh transform of a file (module code, no wrapper), as test processes get it. Lets a test process
   * stopped by inspect take saves (patched through its helper thread). Without it, saves wait until it runs on.
   */
  transform?(file: string): Promise<string>
  /**
   * Asked after a patch's report is printed, once per patched file: lines to print about it, each a notice of its own
   * (Jest with ts-jest: the type errors the patch did not wait for). Runs on its own time: it never holds up the
   * patch or `c`; an answer about a version of the file saved again since is dropped.
   */
  afterPatch?: AfterPatch
  /** The person quit (`q` or Ctrl-C): the runner ends the run now (Vitest: cancels it; Jest's worker side ends it). */
  onQuit?(): void
  color?: boolean
  /** A patch still running after this long is named with how to cancel it (Ctrl-C). Default 3000. */
  slowPatchMs?: number
}

export interface Session {
  /** Hand to `startChannelServer`: what each worker may call. */
  serve(peer: WorkerPeer): MainFunctions
  /** Feed watcher batches here. Each connected worker gets them at its next pause, or now if it is paused. */
  filesChanged(batch: ChangeBatch): void
  /** A line on the session's own time: an open prompt gives way and is drawn again below it. */
  say(line: string): void
  /** True after `q` or Ctrl-C: the run is ending, later pauses get 'skip' at once. */
  readonly quitting: boolean
  /** Ends the open and all queued pauses with 'skip'; later pauses get 'skip' at once. */
  close(): Promise<void>
}

/**
 * The pause loop shared by both runners. Pauses from several workers queue up: one prompt at a time, first come
 * first served. Saves are patched into the paused worker right away, and into the others at their next pause.
 */
export function createSession({
  root,
  output,
  prompt,
  beforePatch,
  transform,
  afterPatch,
  onQuit,
  color = pc.isColorSupported,
  slowPatchMs,
}: SessionOptions): Session {
  const context: FormatContext = { root, c: pc.createColors(color) }
  const print = (lines: string | string[]) => output.write(`${typeof lines === 'string' ? lines : lines.join('\n')}\n`)
  // a stopped test's helper is a peer of its own; saves it patches are then not patched again by its worker
  const workers = new Map<number, WorkerPeer>()
  let quitting = false
  let closed = false
  let turnsRunning = 0

  const quit = (): 'quit' => {
    quitting = true
    print(context.c.dim('quit: the run ends now; the summary shows what ran'))
    onQuit?.()
    return 'quit'
  }
  const turns = createTurnQueue({
    accepting: () => !quitting && !closed,
    onError(error) {
      // e.g. no usable terminal: asking again at every failure would fail the same way
      quitting = true
      print(context.c.red(`${PREFIX} prompt failed: ${errorMessage(error)} — reload loop off`))
    },
  })
  const ask = prompt ?? createPrompt({ history: openHistory(root) })
  const conversation = createConversation({ ask, print, context, closed: () => closed, quit })
  const delivery = createDelivery({
    screen: conversation,
    busy: () => turnsRunning > 0,
    afterPatch,
    beforePatch,
    print,
    context,
    watchCtrlC: ask.watchCtrlC,
    slowPatchMs,
    // the per-phase timings line, for the benchmarks and for a person asking why a patch is slow
    timings: process.env.MIGHTY_PATCHER_TIMINGS === '1',
  })
  const turn: TurnContext = { conversation, delivery, context, print }
  /** A turn at the terminal; notices that arrive while it holds it are printed at its end at the latest. */
  async function inTurn<T>(run: () => Promise<T>): Promise<T> {
    turnsRunning++
    try {
      return await run()
    } finally {
      turnsRunning--
      delivery.flush()
    }
  }

  const interruptOf = (peer: WorkerPeer) => {
    const pid = [...workers].find(([, worker]) => worker === peer)?.[0]
    return pid === undefined ? undefined : () => interruptTestProcess(pid)
  }

  async function pause(peer: WorkerPeer, info: PauseInfo): Promise<PauseAction> {
    if (quitting || closed) return 'skip'
    if (peer.closed) {
      print(context.c.yellow(`worker ${info.pid} exited before its pause was shown (${info.testName})`))
      return 'skip'
    }
    workers.set(info.pid, peer)
    return runPause(peer, info, turn)
  }

  async function stopped(helper: WorkerPeer, stop: StopInfo): Promise<StopAction> {
    if (quitting || closed || helper.closed) return 'skip'
    return runStop(helper, stop, workers.get(stop.pid), turn)
  }

  return {
    serve(peer) {
      delivery.connect(peer)
      peer.onClose(() => {
        for (const [pid, worker] of workers) if (worker === peer) workers.delete(pid)
        if (conversation.asking === peer) conversation.giveWay()
      })
      return {
        pause: (info) => turns.enqueue(() => inTurn(() => pause(peer, info)), 'skip'),
        stopped: (stop) => turns.enqueue(() => inTurn(() => stopped(peer, stop)), 'skip'),
        sync: () =>
          turns.enqueue(() => inTurn(() => delivery.deliver(new WorkerTarget(peer, interruptOf(peer)))), undefined),
        progress: async (step) => delivery.progress(peer, step),
        transform: async (file) => {
          if (!transform) throw new Error('this runner offers no transform to a stopped test')
          return transform(file)
        },
      }
    },
    filesChanged: delivery.saved,
    say: delivery.say,
    get quitting() {
      return quitting
    },
    async close() {
      closed = true
      conversation.giveWay()
      turns.cancelQueued()
    },
  }
}
