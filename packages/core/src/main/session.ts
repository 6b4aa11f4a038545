import pc from 'picocolors'
import type {
  InspectFunctions,
  MainFunctions,
  PauseAction,
  PauseInfo,
  StopAction,
  StopInfo,
} from '../shared/protocol.js'
import type { WorkerRpc } from '../shared/rpc.js'
import {
  type FormatContext,
  formatEvalResult,
  formatHelp,
  formatPatchReport,
  formatPauseHeader,
  relativePath,
} from './format.js'
import { formatFrame, formatStopHeader, formatStopHelp, formatWhere } from './format-inspect.js'
import type { WorkerPeer } from './peer.js'
import { type Ask, createPrompt } from './prompt.js'
import type { ChangeBatch } from './watcher.js'

export interface SessionOptions {
  root: string
  output: { write(text: string): unknown }
  /** Default: the terminal prompt on process.stdin/stdout. */
  prompt?: Ask
  /** Runs before each patch with the files about to be patched (Vitest: invalidate its transform cache). */
  beforePatch?(files: string[]): void | Promise<void>
  /**
   * The runner's fresh transform of a file (module code, no wrapper), as test processes get it. Lets a test process
   * stopped by inspect take saves (live edit from its helper thread). Without it, saves wait until it runs on.
   */
  transform?(file: string): Promise<string>
  /** The person quit (`q` or Ctrl-C): the runner ends the run (Vitest: cancels it). */
  onQuit?(): void
  color?: boolean
}

export interface Session {
  /** Hand to `startChannelServer` / `createLocalChannel`: what each worker may call. */
  serve(peer: WorkerPeer): MainFunctions
  /** Feed watcher batches here. Each connected worker gets them at its next pause, or now if it is paused. */
  filesChanged(batch: ChangeBatch): void
  /** True after `q` or Ctrl-C: failures run normally from then on. */
  readonly quitting: boolean
  /** Ends the open and all queued pauses with 'skip'; later pauses get 'skip' at once. */
  close(): Promise<void>
}

/** One queued turn at the terminal: a pause, an inspect stop, or a sync. `cancel` answers it without running. */
interface Waiting {
  run(): Promise<void>
  cancel(): void
}

const QUESTION = 'c continue · s skip · q quit · h help · or evaluate'
const STOP_QUESTION = 'c continue · up · down · where · q quit · h help · or evaluate in this frame'

/** The helper serves these besides WorkerFunctions (shared/protocol.ts). */
type InspectRpc = WorkerRpc & { frame: InspectFunctions['frame'] }

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
  onQuit,
  color = pc.isColorSupported,
}: SessionOptions): Session {
  const context: FormatContext = { root, c: pc.createColors(color) }
  const ask = prompt ?? createPrompt()
  // per worker: files saved since it last synced, each with its last state
  const pending = new Map<WorkerPeer, Map<string, 'changed' | 'deleted'>>()
  const queue: Waiting[] = []
  // a stopped test's helper is a peer of its own; saves it live-edits are then not patched again by its worker
  const workers = new Map<number, WorkerPeer>()
  let active: { peer: WorkerPeer; wake: AbortController } | undefined
  let running = false
  let quitting = false
  let closed = false

  const print = (lines: string | string[]) => {
    const text = typeof lines === 'string' ? lines : lines.join('\n')
    output.write(`${text}\n`)
  }

  /** Runs `turn` when the terminal is free; `fallback` when the session ends first or the prompt fails. */
  function enqueue<T>(turn: () => Promise<T>, fallback: T): Promise<T> {
    if (quitting || closed) return Promise.resolve(fallback)
    return new Promise((resolve) => {
      queue.push({
        async run() {
          let result = fallback
          try {
            result = await turn()
          } catch (error) {
            // e.g. no usable terminal: asking again at every failure would fail the same way
            quitting = true
            print(context.c.red(`[mighty-patcher] prompt failed: ${messageOf(error)} — reload loop off`))
          }
          resolve(result)
        },
        cancel: () => resolve(fallback),
      })
      if (!running) void drain()
    })
  }

  // `running` flips synchronously at both ends, so a pause arriving as the queue empties still gets served
  async function drain(): Promise<void> {
    running = true
    try {
      for (let next = queue.shift(); next; next = queue.shift()) await next.run()
    } finally {
      running = false
    }
  }

  async function handle(peer: WorkerPeer, info: PauseInfo): Promise<PauseAction> {
    if (quitting || closed) return 'skip'
    if (peer.closed) {
      print(context.c.yellow(`worker ${info.pid} exited before its pause was shown (${info.testName})`))
      return 'skip'
    }
    workers.set(info.pid, peer)
    print(formatPauseHeader(info, context))
    return converse(
      peer,
      `worker ${info.pid} exited while paused (${info.testName})`,
      QUESTION,
      sync,
      async (command) => {
        if (command === 'c' || command === 'continue') return 'continue'
        if (command === 's' || command === 'skip') return 'skip'
        if (command === 'q' || command === 'quit') return quit()
        if (command === 'i' || command === 'inspect') {
          if (info.inspect === true) {
            print(context.c.dim('inspect: re-running the test, to stop at its throw'))
            return 'inspect'
          }
          print(
            context.c.yellow(`inspect is not available here: ${info.inspect ?? 'this runner does not support it yet'}`),
          )
        } else if (command === 'h' || command === 'help' || command === '?') print(formatHelp(context))
        else if (command) await evaluate(peer, command)
        return undefined
      },
    )
  }

  /** The helper of a test process stopped at its throw: the frame, then commands until c/s/q. */
  async function handleStop(peer: WorkerPeer, stop: StopInfo): Promise<StopAction> {
    if (quitting || closed || peer.closed) return 'skip'
    const rpc = peer.rpc as InspectRpc
    let frame = stop.frame
    print(formatStopHeader(stop, context))
    const gone = `worker ${stop.pid} exited while stopped (${stop.testName})`
    return converse<StopAction>(peer, gone, STOP_QUESTION, syncStopped(stop.pid), async (command) => {
      if (command === 'c' || command === 'continue') return 'continue'
      if (command === 's' || command === 'skip') return 'skip'
      if (command === 'q' || command === 'quit') return quit()
      const move = { up: 1, u: 1, down: -1, d: -1 }[command]
      if (move !== undefined) {
        const index = frame.index + move
        if (index < 0 || index >= stop.frames.length) {
          print(
            context.c.dim(index < 0 ? '  this is where it threw (innermost frame)' : '  outermost frame of your code'),
          )
          return undefined
        }
        frame = await rpc.frame(index)
        print(formatFrame(frame, stop.frames.length, context))
      } else if (command === 'w' || command === 'where' || command === 'bt') {
        print(formatWhere(stop.frames, frame.index, context))
      } else if (command === 'l' || command === 'list') print(formatFrame(frame, stop.frames.length, context))
      else if (command === 'h' || command === 'help' || command === '?') print(formatStopHelp(context))
      else if (command) await evaluate(peer, command)
      return undefined
    })
  }

  /**
   * The prompt loop: `command` returns the answer, or undefined to ask again. Before each question `beforeAsk` runs
   * (patching saves); a save or the worker's exit wakes an open question.
   */
  async function converse<T extends PauseAction>(
    peer: WorkerPeer,
    goneLine: string,
    question: string,
    beforeAsk: (peer: WorkerPeer) => Promise<void>,
    command: (text: string) => Promise<T | undefined>,
  ): Promise<T | 'skip' | 'quit'> {
    let typed = ''
    for (;;) {
      const wake = new AbortController()
      active = { peer, wake }
      try {
        if (closed) return 'skip'
        if (peer.closed) {
          print(context.c.yellow(goneLine))
          return 'skip'
        }
        await beforeAsk(peer)
        const result = await ask(question, { signal: wake.signal, typed })
        typed = ''
        if (result.type === 'aborted') {
          typed = result.typed
          continue
        }
        if (result.type === 'interrupt') return quit()
        const answer = await command(result.text)
        if (answer !== undefined) return answer
      } finally {
        active = undefined
      }
    }
  }

  /**
   * Saves while stopped go to the helper, which live-edits what is not on the stack. The rest (reported as deferred)
   * stays pending for the worker and is patched when the test runs on.
   */
  function syncStopped(pid: number) {
    return async (helper: WorkerPeer): Promise<void> => {
      const saved = pending.get(helper)
      if (!saved?.size) return
      const { files, changed, deleted } = takeSaves(saved)
      try {
        await beforePatch?.(files)
        const report = await helper.rpc.patch(changed, deleted)
        print(formatPatchReport(report, context))
        const worker = workers.get(pid)
        for (const file of report.files)
          if (file.status === 'patched' || file.status === 'unchanged' || file.status === 'not-loaded')
            pending.get(worker!)?.delete(file.file)
      } catch (error) {
        if (helper.closed) return
        const names = files.map((file) => relativePath(root, file)).join(', ')
        print(context.c.red(`error patching ${names}: ${messageOf(error)} — patched when the test runs on`))
      }
    }
  }

  function quit(): 'quit' {
    quitting = true
    print(context.c.dim('quit: this and later failures run normally'))
    onQuit?.()
    return 'quit'
  }

  async function sync(peer: WorkerPeer): Promise<void> {
    const saved = pending.get(peer)
    if (!saved?.size) return
    const { files, changed, deleted } = takeSaves(saved)
    try {
      await beforePatch?.(files)
      print(formatPatchReport(await peer.rpc.patch(changed, deleted), context))
    } catch (error) {
      if (peer.closed) return // reported at the top of the loop
      const names = files.map((file) => relativePath(root, file)).join(', ')
      print(context.c.red(`error patching ${names}: ${messageOf(error)} — old code keeps running`))
    }
  }

  async function evaluate(peer: WorkerPeer, expression: string): Promise<void> {
    try {
      print(formatEvalResult(await peer.rpc.evaluate(expression), context))
    } catch (error) {
      if (!peer.closed) print(formatEvalResult({ ok: false, text: messageOf(error) }, context))
    }
  }

  return {
    serve(peer) {
      pending.set(peer, new Map())
      peer.onClose(() => {
        pending.delete(peer)
        for (const [pid, worker] of workers) if (worker === peer) workers.delete(pid)
        if (active?.peer === peer) active.wake.abort()
      })
      return {
        pause: (info) => enqueue(() => handle(peer, info), 'skip'),
        stopped: (stop) => enqueue(() => handleStop(peer, stop), 'skip'),
        sync: () => enqueue(() => sync(peer), undefined),
        transform: async (file) => {
          if (!transform) throw new Error('this runner offers no transform to a stopped test')
          return transform(file)
        },
      }
    },
    filesChanged({ changed, deleted }) {
      for (const saved of pending.values()) {
        for (const file of changed) saved.set(file, 'changed')
        for (const file of deleted) saved.set(file, 'deleted')
      }
      // the open prompt gives way so the paused worker is patched now, not at its next pause
      if (active && pending.get(active.peer)?.size) active.wake.abort()
    },
    get quitting() {
      return quitting
    },
    async close() {
      closed = true
      active?.wake.abort()
      for (const waiting of queue.splice(0)) waiting.cancel()
    },
  }
}

/** Empties `saved` into the lists a patch takes. */
function takeSaves(saved: Map<string, 'changed' | 'deleted'>) {
  const files = [...saved.keys()]
  const changed = files.filter((file) => saved.get(file) === 'changed')
  const deleted = files.filter((file) => saved.get(file) === 'deleted')
  saved.clear()
  return { files, changed, deleted }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
