/** The parts of `process.stdin` the prompt touches; a fake with these is enough for tests. */
export interface TerminalInput extends NodeJS.EventEmitter {
  isTTY?: boolean
  isRaw?: boolean
  setRawMode?(mode: boolean): unknown
  readonly readableFlowing: boolean | null
  readonly readableEnded?: boolean
  resume(): unknown
  pause(): unknown
}

type Listener = (...args: unknown[]) => void

/**
 * Borrows stdin from whoever has it (Vitest's watch shortcuts: raw mode + a `keypress` listener) and returns a
 * function that gives it back exactly as found. `data` listeners stay: one of them is Node's keypress decoder,
 * which the prompt needs too. Jest watch reads `data` directly, but the loop is off in watch mode.
 */
export function borrowStdin(stdin: TerminalInput): () => void {
  const keypress = stdin.listeners('keypress') as Listener[]
  for (const listener of keypress) stdin.off('keypress', listener)
  const wasRaw = !!stdin.isRaw
  const wasFlowing = stdin.readableFlowing === true
  if (wasRaw) stdin.setRawMode?.(false)

  return () => {
    if (stdin.isTTY && !!stdin.isRaw !== wasRaw) stdin.setRawMode?.(wasRaw)
    for (const listener of keypress) if (!stdin.listeners('keypress').includes(listener)) stdin.on('keypress', listener)
    // a paused stdin lets `vitest run` exit; a flowing one was someone's reader (watch mode) and must keep reading
    if (wasFlowing) stdin.resume()
    else stdin.pause()
  }
}
