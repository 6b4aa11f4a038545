import vm from 'node:vm'

/** Thrown by `interruptible` when main cancelled the work (Ctrl-C at the terminal). */
export class Interrupted extends Error {
  constructor(what: string) {
    super(`${what} cancelled (Ctrl-C)`)
    this.name = 'Interrupted'
  }
}

// Main cancels by sending SIGINT to this process: it cannot use the channel, whose socket this thread reads only
// when it is idle. A busy loop is broken by vm's `breakOnSigint` (only while the vm call runs: the synchronous start
// of the work); an await that never settles is given up when the signal's listener runs.
const cancellers = new Set<() => void>()
const onSigint = () => {
  for (const cancel of cancellers) cancel()
}
// The listener stays a moment after the last work: a signal sent as the answer was on its way must not kill us.
const GRACE_MS = 2000
let disarm: NodeJS.Timeout | undefined
let context: vm.Context | undefined
let startInContext: vm.Script | undefined

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
 * Runs `work` with SIGINT taken but ignored: a Ctrl-C meant for one of its interruptible parts (a re-evaluation) must
 * not end the process when it lands between them (a live edit, which always finishes on its own).
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
  try {
    return startInContext.runInContext(context, { breakOnSigint: true }) as Promise<T>
  } finally {
    context.work = undefined
  }
}

function arm(cancel: () => void): void {
  clearTimeout(disarm)
  if (!process.listeners('SIGINT').includes(onSigint)) process.on('SIGINT', onSigint)
  cancellers.add(cancel)
}

function release(cancel: () => void): void {
  cancellers.delete(cancel)
  if (cancellers.size > 0) return
  clearTimeout(disarm)
  disarm = setTimeout(() => {
    if (cancellers.size === 0) process.off('SIGINT', onSigint)
  }, GRACE_MS)
  disarm.unref()
}
