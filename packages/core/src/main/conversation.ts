import type { PauseAction } from '../shared/protocol.js'
import { type FormatContext, formatEvalResult, messageOf } from './format.js'
import type { WorkerPeer } from './peer.js'
import type { Ask } from './prompt.js'

/** One conversation at the prompt: what is asked and what each line typed does. */
export interface Talk<T extends PauseAction> {
  question: string
  /** Printed when the peer exits meanwhile. */
  gone: string
  /** Runs before each question: patches what was saved meanwhile. */
  beforeAsk(): Promise<void>
  /** The answer, or undefined to ask again. */
  command(text: string): Promise<T | undefined>
}

export interface Conversation {
  /** The prompt loop with `peer`: asks until a command answers; a save or the peer's exit wakes an open question. */
  converse<T extends PauseAction>(peer: WorkerPeer, talk: Talk<T>): Promise<T | 'skip' | 'quit'>
  /** Evaluates in `peer` and prints the result, or why it failed. */
  evaluate(peer: WorkerPeer, expression: string): Promise<void>
  /** The peer whose question is open. */
  readonly asking: WorkerPeer | undefined
  /** The open question gives way (something to patch, the peer's exit, the session's end); the loop goes on. */
  giveWay(): void
}

export interface ConversationOptions {
  ask: Ask
  print(lines: string | string[]): void
  context: FormatContext
  /** The session closed: every loop ends with 'skip'. */
  closed(): boolean
  /** Ctrl-C at the prompt. */
  quit(): 'quit'
}

export function createConversation({ ask, print, context, closed, quit }: ConversationOptions): Conversation {
  let active: { peer: WorkerPeer; wake: AbortController } | undefined

  return {
    async converse(peer, { question, gone, beforeAsk, command }) {
      let typed = ''
      for (;;) {
        const wake = new AbortController()
        active = { peer, wake }
        try {
          if (closed()) return 'skip'
          if (peer.closed) {
            print(context.c.yellow(gone))
            return 'skip'
          }
          await beforeAsk()
          const result = await ask(question, { signal: wake.signal, typed })
          typed = ''
          if (result.type === 'aborted') {
            typed = result.typed
            continue
          }
          if (result.type === 'interrupt') return quit()
          const answer = await command(result.text)
          if (answer !== undefined) return answer
        } finally {
          active = undefined
        }
      }
    },
    async evaluate(peer, expression) {
      try {
        print(formatEvalResult(await peer.rpc.evaluate(expression), context))
      } catch (error) {
        if (!peer.closed) print(formatEvalResult({ ok: false, text: messageOf(error) }, context))
      }
    },
    get asking() {
      return active?.peer
    },
    giveWay() {
      active?.wake.abort()
    },
  }
}
