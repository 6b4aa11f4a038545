import { writeSync } from 'node:fs'
import { isatty } from 'node:tty'
import { isDumbTerminal } from './plain-prompt.js'

/** What brings back the cursor a prompt hid. */
export const SHOW_CURSOR = '\x1b[?25h'
const SIGNALS = ['SIGTERM', 'SIGHUP'] as const

/**
 * Leaves the terminal usable and runs `cleanup` however the process ends that we can see: a normal exit, an uncaught
 * error (Node still emits 'exit'), SIGTERM or SIGHUP. A prompt hides the cursor; a run killed while paused must not
 * leave it hidden. Must be called on the process's main thread: signals reach no other. Once per call; returns `off`.
 */
export function onProcessEnd(cleanup: () => void = () => {}): () => void {
  let ran = false
  const run = () => {
    if (ran) return
    ran = true
    restoreTerminal()
    try {
      cleanup()
    } catch {
      // the process is ending: nothing left to tell
    }
  }
  const onSignal = (signal: NodeJS.Signals) => {
    run()
    // another listener (Vitest's own SIGTERM handler) ends the process its way; alone, we end as the signal would
    if (process.listenerCount(signal) > 1) return
    off()
    process.kill(process.pid, signal)
  }
  const off = () => {
    process.off('exit', run)
    for (const signal of SIGNALS) process.off(signal, onSignal)
  }
  process.on('exit', run)
  for (const signal of SIGNALS) process.on(signal, onSignal)
  return off
}

function restoreTerminal(): void {
  if (!isatty(1) || isDumbTerminal()) return
  try {
    writeSync(1, SHOW_CURSOR)
  } catch {
    // the terminal is gone
  }
}
