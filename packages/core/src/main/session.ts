import pc from 'picocolors'
import type { MainFunctions, PauseAction, PauseInfo } from '../shared/protocol.js'
import {
  type FormatContext,
  formatEvalResult,
  formatHelp,
  formatPatchReport,
  formatPauseHeader,
  relativePath,
} from './format.js'
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

interface Waiting {
  peer: WorkerPeer
  info: PauseInfo
  resolve(action: PauseAction): void
}

const QUESTION = 'c continue · s skip · q quit · h help · or evaluate'

/**
 * The pause loop shared by both runners. Pauses from several workers queue up: one prompt at a time, first come
 * first served. Saves are patched into the paused worker right away, and into the others at their next pause.
 */
export function createSession({
  root,
  output,
  prompt,
  beforePatch,
  onQuit,
  color = pc.isColorSupported,
}: SessionOptions): Session {
  const context: FormatContext = { root, c: pc.createColors(color) }
  const ask = prompt ?? createPrompt()
  // per worker: files saved since it last synced (changed and deleted; the engine tells them apart)
  const pending = new Map<WorkerPeer, Set<string>>()
  const queue: Waiting[] = []
  let active: { peer: WorkerPeer; wake: AbortController } | undefined
  let running = false
  let quitting = false
  let closed = false

  const print = (lines: string | string[]) => {
    const text = typeof lines === 'string' ? lines : lines.join('\n')
    output.write(`${text}\n`)
  }

  function pause(peer: WorkerPeer, info: PauseInfo): Promise<PauseAction> {
    if (quitting || closed) return Promise.resolve('skip')
    return new Promise((resolve) => {
      queue.push({ peer, info, resolve })
      if (!running) void drain()
    })
  }

  // `running` flips synchronously at both ends, so a pause arriving as the queue empties still gets served
  async function drain(): Promise<void> {
    running = true
    try {
      for (let next = queue.shift(); next; next = queue.shift()) await serveOne(next)
    } finally {
      running = false
    }
  }

  async function serveOne(next: Waiting): Promise<void> {
    let action: PauseAction = 'skip'
    try {
      action = await handle(next.peer, next.info)
    } catch (error) {
      // e.g. no usable terminal: asking again at every failure would fail the same way
      quitting = true
      print(context.c.red(`[mighty-patcher] prompt failed: ${messageOf(error)} — reload loop off`))
    }
    next.resolve(action)
  }

  async function handle(peer: WorkerPeer, info: PauseInfo): Promise<PauseAction> {
    if (quitting || closed) return 'skip'
    if (peer.closed) {
      print(context.c.yellow(`worker ${info.pid} exited before its pause was shown (${info.testName})`))
      return 'skip'
    }
    print(formatPauseHeader(info, context))
    let typed = ''
    for (;;) {
      const wake = new AbortController()
      active = { peer, wake }
      try {
        if (closed) return 'skip'
        if (peer.closed) {
          print(context.c.yellow(`worker ${info.pid} exited while paused (${info.testName})`))
          return 'skip'
        }
        await sync(peer)
        const result = await ask(QUESTION, { signal: wake.signal, typed })
        typed = ''
        if (result.type === 'aborted') {
          typed = result.typed
          continue
        }
        if (result.type === 'interrupt') return quit()
        const command = result.text
        if (command === 'c' || command === 'continue') return 'continue'
        if (command === 's' || command === 'skip') return 'skip'
        if (command === 'q' || command === 'quit') return quit()
        if (command === 'h' || command === 'help' || command === '?') print(formatHelp(context))
        else if (command) await evaluate(peer, command)
      } finally {
        active = undefined
      }
    }
  }

  function quit(): PauseAction {
    quitting = true
    print(context.c.dim('quit: this and later failures run normally'))
    onQuit?.()
    return 'quit'
  }

  async function sync(peer: WorkerPeer): Promise<void> {
    const saved = pending.get(peer)
    if (!saved?.size) return
    const files = [...saved]
    saved.clear()
    try {
      await beforePatch?.(files)
      print(formatPatchReport(await peer.rpc.patch(files), context))
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
      pending.set(peer, new Set())
      peer.onClose(() => {
        pending.delete(peer)
        if (active?.peer === peer) active.wake.abort()
      })
      return { pause: (info) => pause(peer, info) }
    },
    filesChanged({ changed, deleted }) {
      for (const saved of pending.values()) for (const file of [...changed, ...deleted]) saved.add(file)
      // the open prompt gives way so the paused worker is patched now, not at its next pause
      if (active && pending.get(active.peer)?.size) active.wake.abort()
    },
    get quitting() {
      return quitting
    },
    async close() {
      closed = true
      active?.wake.abort()
      for (const waiting of queue.splice(0)) waiting.resolve('skip')
    },
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
