/** Reads the keyboard for Ctrl-C only until `signal` fires (nothing echoed, nothing kept for later). */
export type WatchCtrlC = (signal: AbortSignal, onCtrlC: () => void) => void

export interface CancellableOptions {
  watchCtrlC: WatchCtrlC | undefined
  /** Asks the test process to give up (SIGINT: its channel is not read while it is busy). */
  interrupt: (() => void) | undefined
  /** After Ctrl-C, how long the test process may take to answer that it gave up. */
  graceMs: number
  /** `notify` runs once if the call is still running after `afterMs`. */
  onSlow?: { afterMs: number; notify(): void }
}

export type Cancellable<T> = { settled: true; value: T } | { settled: false }

/**
 * Waits for a call to the test process while Ctrl-C cancels it: Ctrl-C interrupts the test process and waits up to
 * `graceMs` for its answer (a cancelled call answers); a test process that stays busy is left behind, unsettled.
 */
export async function awaitCancellable<T>(
  call: Promise<T>,
  { watchCtrlC, interrupt, graceMs, onSlow }: CancellableOptions,
): Promise<Cancellable<T>> {
  const done = new AbortController()
  let slow: NodeJS.Timeout | undefined
  if (onSlow) slow = setTimeout(onSlow.notify, onSlow.afterMs)
  const ctrlC = new Promise<'ctrl-c'>((resolve) => watchCtrlC?.(done.signal, () => resolve('ctrl-c')))
  const settled = call.then((value) => ({ settled: true as const, value }))
  try {
    const first = await Promise.race([settled, ctrlC])
    if (first !== 'ctrl-c') return first
    clearTimeout(slow)
    interrupt?.()
    let grace: NodeJS.Timeout | undefined
    const late = new Promise<{ settled: false }>((resolve) => {
      grace = setTimeout(() => resolve({ settled: false }), graceMs)
    })
    try {
      return await Promise.race([settled, late])
    } finally {
      clearTimeout(grace)
    }
  } finally {
    clearTimeout(slow)
    done.abort()
    // a call given up on may still fail later (its worker exits): nobody waits for it any more
    settled.catch(() => {})
  }
}
