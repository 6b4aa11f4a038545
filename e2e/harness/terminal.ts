import { type IPty, spawn } from 'node-pty'
import stripAnsi from 'strip-ansi'

// A real pseudo-terminal around a command, read the way a person reads the screen: output without colour codes,
// waited on by pattern, typed into line by line.

// the runner running these tests (VITEST_*, NODE_OPTIONS) and CI must not leak into the child: tests set them explicitly
const INHERITED_NOT = /^(VITEST.*|NODE_OPTIONS|CI|JEST_WORKER_ID)$/

export interface TerminalOptions {
  cwd: string
  env?: Record<string, string | undefined>
  cols?: number
  rows?: number
}

export class Terminal {
  readonly #pty: IPty
  #raw = ''
  #mark = 0
  #waiters = new Set<() => void>()
  /** The exit code, or 128 + the signal that ended the process (as a shell reports it). */
  readonly exited: Promise<number>

  constructor(command: string, args: string[], { cwd, env = {}, cols = 120, rows = 40 }: TerminalOptions) {
    // the prompt's history stays out of the home folder, unless a test names a file for it
    const childEnv: Record<string, string> = { MIGHTY_PATCHER_HISTORY: '' }
    for (const [key, value] of Object.entries({ ...process.env, ...env }))
      if (value !== undefined && !INHERITED_NOT.test(key)) childEnv[key] = value
    for (const [key, value] of Object.entries(env)) if (value !== undefined) childEnv[key] = value
    // node-pty sets TERM from `name`: a test that asks for another terminal type (env.TERM) gets it
    this.#pty = spawn(command, args, { cwd, env: childEnv, cols, rows, name: env.TERM ?? 'xterm-256color' })
    this.#pty.onData((data) => {
      this.#raw += data
      for (const wake of this.#waiters) wake()
    })
    this.exited = new Promise((resolve) =>
      this.#pty.onExit(({ exitCode, signal }) => resolve(exitCode || (signal ? 128 + signal : 0))),
    )
  }

  /** Everything shown so far, without ANSI codes. */
  get text(): string {
    return stripAnsi(this.#raw).replace(/\r/g, '')
  }

  /** What is left on screen since the last clear (`\x1b[2J`, as Jest's watch mode clears), without ANSI codes. */
  get sinceClear(): string {
    return stripAnsi(this.#raw.split('\x1b[2J').at(-1) ?? '').replace(/\r/g, '')
  }

  /** Output since the last `waitFor` match: what appeared after the last thing we waited for. */
  get recent(): string {
    return this.text.slice(this.#mark)
  }

  /** The process started in the terminal. */
  get pid(): number {
    return this.#pty.pid
  }

  /** Everything written to the terminal so far, escape codes included. */
  get raw(): string {
    return this.#raw
  }

  /** The last bytes written to the terminal, escape codes included. */
  rawTail(length: number): string {
    return this.#raw.slice(-length)
  }

  /**
   * Waits until `pattern` shows up after the previous match; fails with the screen so far. With `advance: false` the
   * match is not consumed: the next wait starts where this one did.
   */
  waitFor(pattern: RegExp | string, timeout = 60_000, { advance = true } = {}): Promise<RegExpMatchArray> {
    const regex = typeof pattern === 'string' ? new RegExp(escapeRegExp(pattern)) : pattern
    return new Promise((resolve, reject) => {
      const check = () => {
        const text = this.text
        const match = regex.exec(text.slice(this.#mark))
        if (!match) return false
        if (advance) this.#mark += (match.index ?? 0) + match[0].length
        done()
        resolve(match)
        return true
      }
      const timer = setTimeout(() => {
        done()
        reject(
          new Error(
            `timed out after ${timeout} ms waiting for ${regex}\n--- screen since last match ---\n${this.recent}`,
          ),
        )
      }, timeout)
      const done = () => {
        clearTimeout(timer)
        this.#waiters.delete(wake)
      }
      const wake = () => void check()
      if (!check()) {
        this.#waiters.add(wake)
        // the process is gone: what it wrote last may still be on its way; then nothing more can come
        void this.exited.then((code) =>
          setTimeout(() => {
            if (check() || !this.#waiters.has(wake)) return
            done()
            reject(
              new Error(
                `the process exited (code ${code}) without showing ${regex}\n--- screen since last match ---\n${this.recent}`,
              ),
            )
          }, 1000),
        )
      }
    })
  }

  /** Types a line and presses Enter, as a person would. */
  type(line: string): void {
    this.#pty.write(`${line}\r`)
  }

  press(keys: string): void {
    this.#pty.write(keys)
  }

  kill(): void {
    try {
      this.#pty.kill()
    } catch {}
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
