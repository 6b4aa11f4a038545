import readline from 'node:readline'
import type { PromptResult } from './prompt.js'
import type { TerminalInput } from './stdin.js'

/** `TERM=dumb` (an editor's shell buffer, some CI consoles): no cursor movement, no colour, no hidden cursor. */
export function isDumbTerminal(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.TERM === 'dumb'
}

/**
 * The question as a plain line, the answer read as the terminal itself edits it (cooked mode: its own echo, erase and
 * Ctrl-U; Ctrl-D on an empty line ends the input). Nothing is written but the question.
 */
export function askPlainLine(
  question: string,
  { stdin, stdout, signal }: { stdin: TerminalInput; stdout: NodeJS.WritableStream; signal: AbortSignal | undefined },
): Promise<PromptResult> {
  return new Promise((resolve) => {
    const wasFlowing = stdin.readableFlowing === true
    const lines = readline.createInterface({ input: stdin as unknown as NodeJS.ReadableStream, terminal: false })
    let settled = false
    const settle = (result: PromptResult) => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      lines.close()
      if (wasFlowing) stdin.resume()
      else stdin.pause()
      resolve(result)
    }
    const onAbort = () => {
      stdout.write('\n')
      settle({ type: 'aborted', typed: '' })
    }
    lines.once('line', (text) => settle({ type: 'answer', text: text.trim() }))
    lines.once('close', () => settle({ type: 'eof', typed: '' }))
    signal?.addEventListener('abort', onAbort, { once: true })
    stdout.write(`${question} > `)
  })
}
