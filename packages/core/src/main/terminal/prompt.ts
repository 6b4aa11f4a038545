import readline from 'node:readline'
import { isMainThread } from 'node:worker_threads'
import pc from 'picocolors'
import type { WatchCtrlC } from './cancellable.js'
import type { History } from './history.js'
import { askPlainLine, isDumbTerminal } from './plain-prompt.js'
import { SHOW_CURSOR } from './process-end.js'
import { createReverseSearch, type ReverseSearch } from './reverse-search.js'
import { borrowStdin, type TerminalInput } from './stdin.js'

export type PromptResult =
  /** A line was entered (trimmed). */
  | { type: 'answer'; text: string }
  /** Ctrl-C, or stdin ended: the person wants out. The terminal is already restored. */
  | { type: 'interrupt' }
  /** The caller's signal fired (a save arrived, the worker died); `typed` is the unfinished input. */
  | { type: 'aborted'; typed: string }
  /** Ctrl-D (end of input, as in Node's REPL): on an empty line the person wants out; else `typed` is kept. */
  | { type: 'eof'; typed: string }
  /** Tab with the cursor at the end of `typed`: complete it, then ask again with the completed text. */
  | { type: 'complete'; typed: string }

export interface AskOptions {
  signal?: AbortSignal
  /** Text to put back in the input line, e.g. what was typed before an abort. */
  typed?: string
}

export type Ask = ((question: string, options?: AskOptions) => Promise<PromptResult>) & {
  /** While no question is open (an evaluation, a patch): Ctrl-C calls `onCtrlC`. Absent: Ctrl-C is the terminal's. */
  watchCtrlC?: WatchCtrlC
}

export interface PromptOptions {
  stdin?: TerminalInput
  stdout?: NodeJS.WritableStream
  /** Default: picocolors' detection (NO_COLOR, FORCE_COLOR, TTY). */
  color?: boolean
  /** Earlier lines, for ↑ and ↓; each answer is added. */
  history?: History
}

// enquirer's typings do not declare the prompt classes it exports
interface InputPrompt extends NodeJS.EventEmitter {
  input: string
  cursor: number
  options: { message: unknown }
  keypress(input: string, key?: Key): Promise<void>
  state: { submitted?: boolean; cancelled?: boolean }
  append(ch: string): void
  run(): Promise<string>
  cancel(): Promise<void>
  render(): void
}
/** A key as node:readline's keypress events give it. */
interface Key {
  name?: string
  ctrl?: boolean
  meta?: boolean
  sequence?: string
}
type InputPromptClass = new (options: Record<string, unknown>) => InputPrompt
const ERASE_PREVIOUS_LINE = '\x1b[1A\x1b[2K\r'
// the terminal marks a paste (bracketed paste mode), so the line breaks in it are text, not Enter
const BRACKETED_PASTE_ON = '\x1b[?2004h'
const BRACKETED_PASTE_OFF = '\x1b[?2004l'
const PASTE_START = '\x1b[200~'
const PASTE_END = '\x1b[201~'
// loaded at the first prompt: a run that never pauses does not pay for it
let inputPrompt: Promise<InputPromptClass> | undefined
const loadInputPrompt = () =>
  (inputPrompt ??= Promise.all([import('enquirer'), import('enquirer/lib/queue.js')]).then(([m, queue]) => {
    keysWithoutTimers(queue.default as QueueClass)
    return (m.default as unknown as { Input: InputPromptClass }).Input
  }))

interface QueueClass {
  prototype: {
    _queue: unknown[][]
    _executing: boolean
    _jobRunner: ((...args: unknown[]) => unknown) | null
    /** Ours: the next key's index in `_queue`. */
    _head?: number
    _dequeue(): void
  }
}

/**
 * enquirer handles each key after a timer of its own (its `Queue`): ≥ 1 ms a key, so a pasted line of 5,000 characters
 * took seconds before it showed. Each key is handled once the one before it is done, without the timer, and taken by
 * index: `shift()` of a paste's 20,000 queued keys copies the rest each time.
 */
function keysWithoutTimers(Queue: QueueClass): void {
  Queue.prototype._dequeue = function (this: QueueClass['prototype']) {
    const head = this._head ?? 0
    if (head >= this._queue.length) {
      this._queue.length = 0 // also what destroy() does
      this._head = 0
    }
    if (this._executing || !this._queue.length || !this._jobRunner) return
    this._executing = true
    const next = () => {
      this._executing = false
      this._dequeue()
    }
    const key = this._queue[this._head ?? 0] as unknown[]
    this._head = (this._head ?? 0) + 1
    Promise.resolve(this._jobRunner(...key)).then(next, next)
  }
}

/** One-line prompt on the terminal that borrows stdin for its duration and gives it back as found. */
export function createPrompt({
  stdin = process.stdin,
  stdout = process.stdout,
  color = pc.isColorSupported,
  history,
}: PromptOptions = {}): Ask {
  const dumb = isDumbTerminal()
  // keys typed while the test process worked (watchCtrlC): the next question reads them first
  const typedAhead = { keys: '' }
  const ask: Ask = async (question, { signal, typed = '' } = {}) => {
    if (signal?.aborted) return { type: 'aborted', typed }
    // enquirer would hang on a non-TTY (it throws inside its own promise executor): fail clearly instead
    if (!stdin.isTTY) throw new Error('stdin is not a TTY')
    if (stdin.readableEnded) return { type: 'interrupt' }
    // a terminal that cannot move its cursor gets plain lines, read as the terminal itself edits them
    if (dumb) {
      const result = await askPlainLine(question, { stdin, stdout, signal })
      if (result.type === 'answer') history?.add(result.text)
      return result
    }
    const giveBack = borrowStdin(stdin)
    let Input: InputPromptClass
    try {
      Input = await loadInputPrompt()
    } catch (error) {
      giveBack()
      throw error
    }
    let outcome: 'interrupt' | 'aborted' | 'eof' | 'complete' | undefined
    let pasting = false
    const recall = recaller(history)
    const prompt: InputPrompt = new Input({
      message: question,
      stdin,
      stdout,
      styles: { enabled: color },
      // a terminal that reports 0 columns (fresh PTY) would make enquirer skip the newline after the answer
      columns: (stdout as { columns?: number }).columns || 80,
      onRun(self: InputPrompt) {
        self.input = typed
        self.cursor = typed.length
      },
      // enquirer's Ctrl-D deletes forward, but the readline under it ends the input on an empty line of its own,
      // leaving a prompt that echoes and never answers: Ctrl-D is end of input here, as in Node's REPL
      deleteForward(this: InputPrompt, _input: string, key: { ctrl?: boolean; name?: string }) {
        if (key.ctrl && key.name === 'd') return cancel('eof')
        return Object.getPrototypeOf(this).deleteForward.call(this)
      },
      // enquirer draws the whole line again for every character: a paste of thousands took seconds. The characters of
      // one chunk go in at once, drawn once
      append(this: InputPrompt, ch: string) {
        // at the end (typing, a paste) a plain append: slicing would copy the whole line for each key
        this.input =
          this.cursor === this.input.length
            ? this.input + ch
            : this.input.slice(0, this.cursor) + ch + this.input.slice(this.cursor)
        this.cursor += ch.length
        drawSoon(this)
      },
      // the paste's marks are no keys to beep at
      dispatch(this: InputPrompt, ch: string, key: { sequence?: string }) {
        if (key?.sequence === PASTE_START || key?.sequence === PASTE_END) return
        return Object.getPrototypeOf(this).dispatch.call(this, ch, key)
      },
      // a pasted snippet of several lines is one input: its line breaks stay in it
      submit(this: InputPrompt) {
        if (pasting) return this.append('\n')
        return Object.getPrototypeOf(this).submit.call(this)
      },
      // Tab: completed by the caller, who asks the test process what the word may become
      next(this: InputPrompt) {
        if (this.cursor === this.input.length) cancel('complete')
      },
      // ↑ and ↓: earlier lines, as in Node's REPL and a shell (enquirer's own history wants Alt and a store)
      up(this: InputPrompt) {
        recall(this, -1)
      },
      down(this: InputPrompt) {
        recall(this, 1)
      },
      // enquirer's Ctrl-U is "undo"; in a shell it kills the line before the cursor
      undo(this: InputPrompt) {
        this.input = this.input.slice(this.cursor)
        this.cursor = 0
        this.render()
      },
    })
    withReverseSearch(
      prompt,
      createReverseSearch(() => history?.lines ?? []),
      question,
    )
    prompt.once('start', () => {
      const keys = typedAhead.keys
      typedAhead.keys = ''
      // as if typed now, through the same key decoder: an Enter among them answers with the line
      if (keys) stdin.emit('data', Buffer.from(keys))
    })
    const cancel = (why: 'interrupt' | 'aborted' | 'eof' | 'complete') => {
      outcome ??= why
      void prompt.cancel()
    }
    const onAbort = () => cancel('aborted')
    const onEnd = () => cancel('interrupt')
    prompt.on('keypress', (_input: unknown, key: { ctrl?: boolean; name?: string; sequence?: string }) => {
      // in raw mode Ctrl-C is a keypress, not SIGINT: the person still means "stop"
      if (key.ctrl && key.name === 'c') outcome ??= 'interrupt'
      if (key.sequence === PASTE_START) pasting = true
      if (key.sequence === PASTE_END) pasting = false
    })
    signal?.addEventListener('abort', onAbort, { once: true })
    stdin.once('end', onEnd)
    const tty = Boolean((stdout as { isTTY?: boolean }).isTTY)
    const restorePause = pauseAfterCloseIgnored()
    const restoreSuspend = ctrlZSuspendsTheJob(() => {
      stdin.setRawMode?.(false)
      if (tty) stdout.write(`${BRACKETED_PASTE_OFF}${SHOW_CURSOR}\n`)
      return () => {
        stdin.setRawMode?.(true)
        if (tty) stdout.write(BRACKETED_PASTE_ON)
        prompt.render()
      }
    })
    if (tty) stdout.write(BRACKETED_PASTE_ON)
    try {
      const text = (await prompt.run()).trim()
      history?.add(text)
      return { type: 'answer', text }
    } catch (error) {
      // enquirer rejects a cancelled prompt with '' — a real Error is a real problem (e.g. stdin is no TTY)
      if (error instanceof Error) throw error
      if (outcome === 'aborted') return { type: 'aborted', typed: prompt.input ?? '' }
      if (outcome === 'eof') return { type: 'eof', typed: prompt.input ?? '' }
      if (outcome === 'complete') return { type: 'complete', typed: prompt.input ?? '' }
      if (outcome === 'interrupt') return { type: 'interrupt' }
      return { type: 'answer', text: '' } // Escape: just ask again
    } finally {
      restorePause()
      restoreSuspend()
      if (tty) stdout.write(BRACKETED_PASTE_OFF)
      signal?.removeEventListener('abort', onAbort)
      stdin.off('end', onEnd)
      giveBack()
      if (outcome === 'interrupt' || outcome === 'eof') stdout.write(SHOW_CURSOR)
      // a prompt closed only to print patch lines, completions or a hint leaves no trace (enquirer would leave it marked
      // ✖): it is asked again right below them
      const askedAgain = outcome === 'aborted' || outcome === 'complete' || (outcome === 'eof' && prompt.input)
      if (askedAgain && tty) stdout.write(ERASE_PREVIOUS_LINE)
    }
  }
  ask.watchCtrlC = (signal, onCtrlC) => watchCtrlC(stdin, dumb, signal, onCtrlC, typedAhead)
  return ask
}

const drawing = new WeakSet<InputPrompt>()

/** One drawing of the prompt after the keys of this chunk, unless it was answered or cancelled meanwhile. */
function drawSoon(prompt: InputPrompt): void {
  if (drawing.has(prompt)) return
  drawing.add(prompt)
  setImmediate(() => {
    drawing.delete(prompt)
    if (!prompt.state.submitted && !prompt.state.cancelled) prompt.render()
  })
}

/**
 * ↑ and ↓ through `history` for one question: the line being typed is kept, and comes back below the newest entry.
 */
function recaller(history: History | undefined): (prompt: InputPrompt, step: -1 | 1) => void {
  let at = history?.lines.length ?? 0
  let draft = ''
  return (prompt, step) => {
    const lines = history?.lines ?? []
    const next = Math.min(Math.max(at + step, 0), lines.length)
    if (next === at) return
    if (at === lines.length) draft = prompt.input
    at = next
    prompt.input = at === lines.length ? draft : (lines[at] ?? '')
    prompt.cursor = prompt.input.length
    prompt.render()
  }
}

/**
 * Ctrl-R (reverse-search.ts): while a search is on, keys go to it rather than to the line, and the prompt shows the
 * search in place of its question. Enter runs the line found; another key that edits keeps it and does its edit.
 */
function withReverseSearch(prompt: InputPrompt, search: ReverseSearch, question: string): void {
  const keypress = prompt.keypress.bind(prompt)
  const show = (line: string) => {
    prompt.options.message = search.active ? search.label() : question
    prompt.input = line
    prompt.cursor = line.length
    prompt.render()
  }
  prompt.keypress = async (input, key = {}) => {
    if (key.ctrl && key.name === 'r') {
      search.next(prompt.input)
      return show(search.found)
    }
    if (!search.active) return keypress(input, key)
    if ((key.ctrl && (key.name === 'g' || key.name === 'c')) || key.name === 'escape') return show(search.end(true))
    if (key.name === 'backspace') {
      search.erase()
      return show(search.found)
    }
    if (input?.length === 1 && input >= ' ' && input !== '\x7f' && !key.ctrl && !key.meta) {
      search.type(input)
      return show(search.found)
    }
    show(search.end(false))
    return keypress(input, key)
  }
}

/**
 * Ctrl-Z at the prompt. The readline under enquirer stops only this process (SIGTSTP to its own pid): under `npx` npm
 * keeps the foreground and the terminal freezes, and with the bin alone `fg` brings back no prompt. Here the whole job
 * — this process group, as the terminal's own Ctrl-Z would — is suspended, and when it goes on (`fg`) the terminal is
 * put back as the prompt had it and the prompt drawn again. `leave` readies the terminal for the shell and returns
 * what puts it back. While one of our prompts runs, each readline made gets this.
 */
function ctrlZSuspendsTheJob(leave: () => () => void): () => void {
  const owner = readline as { createInterface: typeof readline.createInterface }
  const createInterface = owner.createInterface
  owner.createInterface = ((...args: Parameters<typeof readline.createInterface>) => {
    const rl = createInterface(...args)
    rl.on('SIGTSTP', () => {
      const back = leave()
      // a signal to this process's own group is delivered as the call returns: it stops here, and goes on after
      // SIGCONT, when this timer is already due (a worker thread — Jest's session — gets no SIGCONT event)
      process.kill(0, 'SIGTSTP')
      setTimeout(back, 50)
    })
    return rl
  }) as typeof readline.createInterface
  return () => {
    owner.createInterface = createInterface
  }
}

/**
 * enquirer's readline closes itself at Ctrl-C (it has no SIGINT listener), then enquirer pauses it: Node 24.? and 26
 * throw for a pause after close (ERR_USE_AFTER_CLOSE), which leaves enquirer's cancel half done and the prompt hanging.
 * While one of our prompts runs, such a pause does nothing, as it did on Node 20 and 22.
 */
function pauseAfterCloseIgnored(): () => void {
  const prototype = readline.Interface.prototype as { pause(this: readline.Interface): readline.Interface }
  const own = Object.getOwnPropertyDescriptor(prototype, 'pause')
  const pause = prototype.pause
  prototype.pause = function (this: readline.Interface) {
    return (this as { closed?: boolean }).closed ? this : pause.call(this)
  }
  return () => {
    if (own) Object.defineProperty(prototype, 'pause', own)
    else delete (prototype as { pause?: unknown }).pause
  }
}

/**
 * A dumb terminal stays cooked: its Ctrl-C is a SIGINT to the whole foreground job — the test process, which takes it
 * as the cancel, and this process, where the runner's own listener would end the run (Vitest). While the test process
 * works, this process's SIGINT is ours alone. (On a thread — Jest's session — no signal arrives: Jest's process is
 * the test process, whose listener takes it.)
 */
function takeSigint(signal: AbortSignal, onCtrlC: () => void): void {
  if (!isMainThread) return
  const others = process.listeners('SIGINT')
  process.removeAllListeners('SIGINT')
  process.on('SIGINT', onCtrlC)
  signal.addEventListener(
    'abort',
    () => {
      process.off('SIGINT', onCtrlC)
      for (const listener of others) process.on('SIGINT', listener)
    },
    { once: true },
  )
}

/**
 * Raw mode while the test process works, so Ctrl-C reaches us as a key instead of a SIGINT that would end the run.
 * Other keys typed meanwhile are kept in `typedAhead` for the next question (those before a Ctrl-C are dropped with
 * what it cancelled). A dumb terminal is left cooked: the terminal keeps what is typed.
 */
function watchCtrlC(
  stdin: TerminalInput,
  dumb: boolean,
  signal: AbortSignal,
  onCtrlC: () => void,
  typedAhead: { keys: string },
): void {
  if (signal.aborted) return
  if (dumb) {
    takeSigint(signal, onCtrlC)
    return
  }
  if (!stdin.isTTY || stdin.readableEnded) return
  const giveBack = borrowStdin(stdin)
  stdin.setRawMode?.(true)
  const onData = (chunk: unknown) => {
    const text = String(chunk)
    const ctrlC = text.lastIndexOf('\x03')
    if (ctrlC < 0) {
      typedAhead.keys += text
      return
    }
    typedAhead.keys = text.slice(ctrlC + 1)
    onCtrlC()
  }
  stdin.on('data', onData)
  stdin.resume()
  signal.addEventListener(
    'abort',
    () => {
      stdin.off('data', onData)
      giveBack()
    },
    { once: true },
  )
}
