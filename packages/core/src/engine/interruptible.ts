import vm from 'node:vm'
import { isMainThread } from 'node:worker_threads'
import { THREAD_INTERRUPT_HOOK } from '../shared/protocol.js'

/** Thrown by `interruptible` when main cancelled the work (Ctrl-C at the terminal). */
export class Interrupted extends Error {
  constructor(what: string) {
    super(`${what} cancelled (Ctrl-C)`)
    this.name = 'Interrupted'
  }
}

// Main cancels by sending SIGINT to this process: it cannot use the channel, whose socket this thread reads only
// when it is idle. A busy loop is broken by vm's `breakOnSigint` (only while the vm call runs: the synchronous start
// of the work); an await that never settles is given up when the signal's listener runs. On a worker thread (Vitest's
// threads pool) a signal reaches the runner's process, not this thread: main calls the hook below through the
// inspector instead, and sends SIGINT only while the hook says a vm call here takes it (breakOnSigint watches the
// whole process).
const cancellers = new Set<() => void>()
const onSigint = () => {
  for (const cancel of cancellers) cancel()
}
// The listener stays a moment after the last work: a signal sent as the answer was on its way must not kill us.
const GRACE_MS = 2000
let disarm: NodeJS.Timeout | undefined
let context: vm.Context | undefined
let startInContext: vm.Script | undefined
let breakable = false
let cancelledBusy = false
const hookKey = Symbol.for(THREAD_INTERRUPT_HOOK)
const threadHook = (): 'breakable' | 'cancelled' | 'stuck' => {
  // cancelled before and still running: the thread is busy in code that nothing here can break
  if (cancelledBusy && cancellers.size > 0) return 'stuck'
  const now = breakable ? 'breakable' : 'cancelled'
  cancelledBusy = true
  onSigint()
  return now
}

/** Runs `work` so that a SIGINT from main cancels it with `Interrupted`; `what` names it in the error. */
export async function interruptible<T>(what: string, work: () => Promise<T>): Promise<T> {
  let cancel!: () => void
  const cancelled = new Promise<never>((_, reject) => {
    cancel = () => reject(new Interrupted(what))
  })
  cancelled.catch(() => {})
  arm(cancel)
  try {
    return await Promise.race([startBreakable(work), cancelled])
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') throw new Interrupted(what)
    throw error
  } finally {
    release(cancel)
  }
}

/**
 * Runs `work` with SIGINT taken but ignored: a Ctrl-C meant for one of its interruptible parts (top-level statements
 * run again) must not end the process when it lands between them (a transform or a plan, which finish on their own).
 */
export async function shieldedFromSigint<T>(work: () => Promise<T>): Promise<T> {
  const ignore = () => {}
  arm(ignore)
  try {
    return await work()
  } finally {
    release(ignore)
  }
}

function startBreakable<T>(work: () => Promise<T>): Promise<T> {
  context ??= vm.createContext({ work: undefined })
  startInContext ??= new vm.Script('work()')
  context.work = work
  breakable = true
  try {
    return startInContext.runInContext(context, { breakOnSigint: true }) as Promise<T>
  } finally {
    breakable = false
    context.work = undefined
  }
}

function arm(cancel: () => void): void {
  clearTimeout(disarm)
  cancelledBusy = false
  if (!process.listeners('SIGINT').includes(onSigint)) process.on('SIGINT', onSigint)
  if (!isMainThread) (globalThis as Record<symbol, unknown>)[hookKey] = threadHook
  cancellers.add(cancel)
}

function release(cancel: () => void): void {
  cancellers.delete(cancel)
  if (cancellers.size > 0) return
  clearTimeout(disarm)
  disarm = setTimeout(() => {
    if (cancellers.size > 0) return
    process.off('SIGINT', onSigint)
    delete (globalThis as Record<symbol, unknown>)[hookKey]
  }, GRACE_MS)
  disarm.unref()
}
