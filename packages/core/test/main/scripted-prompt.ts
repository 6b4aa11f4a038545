import type { Ask, AskOptions } from '../../src/main/terminal/prompt.js'

export interface Question {
  text: string
  options: AskOptions
  answer(text: string): void
  /** Ctrl-C */
  interrupt(): void
  /** Tab, with `typed` in the line */
  complete(typed: string): void
}

/** A prompt the test answers: `await prompt.next()` is the next question asked, in order. */
export function createScriptedPrompt() {
  const asked: Question[] = []
  const waiters: (() => void)[] = []
  let open = 0

  const ask: Ask = (text, options = {}) =>
    new Promise((resolve) => {
      const { signal, typed = '' } = options
      if (signal?.aborted) return resolve({ type: 'aborted', typed })
      open++
      let done = false
      const settle = (result: Awaited<ReturnType<Ask>>) => {
        if (done) return
        done = true
        open--
        resolve(result)
      }
      signal?.addEventListener('abort', () => settle({ type: 'aborted', typed }))
      asked.push({
        text,
        options,
        answer: (line) => settle({ type: 'answer', text: line }),
        interrupt: () => settle({ type: 'interrupt' }),
        complete: (typed) => settle({ type: 'complete', typed }),
      })
      for (const wake of waiters.splice(0)) wake()
    })

  return {
    ask,
    async next(): Promise<Question> {
      while (!asked.length) await new Promise<void>((resolve) => waiters.push(resolve))
      return asked.shift()!
    },
    /** Prompts currently waiting for an answer. */
    get open() {
      return open
    },
  }
}
