import { errorMessage } from '../../shared/messages.js'
import type { Completion } from '../../shared/protocol.js'
import type { WorkerPeer } from '../channel/peer.js'
import type { Screen } from '../delivery/delivery.js'
import { type FormatContext, formatEvalResult } from '../print/format.js'
import { awaitCancellable } from '../terminal/cancellable.js'
import type { Ask } from '../terminal/prompt.js'
import { commandFor, formatHelp, questionOf, type SharedCommand, type Vocabulary } from './commands.js'
import { isUnfinished } from './unfinished.js'

/** One conversation at the prompt: its vocabulary and what its own commands do. */
export interface Talk<Own extends string, Answer extends string> {
  vocabulary: Vocabulary<SharedCommand | Own>
  /** Printed when the peer exits meanwhile. */
  gone: string
  /** A command of this vocabulary only: the answer, or undefined to ask again. */
  command(action: Own): Promise<Answer | undefined>
  /** Makes the test process give up what it is running for us (Ctrl-C at an evaluation). */
  interrupt?(): void
  /**
   * The last resort for an evaluation that Ctrl-C did not stop (code busy after an await): ends it in the test
   * process where a thread of ours can reach it (the inspector); true when it did.
   */
  terminate?(): Promise<boolean>
  /** The run ends while the test process is still busy with an evaluation: stops that process; says how. */
  abandon?(): string
}

export interface Conversation extends Screen {
  /**
   * The prompt loop with `peer`: asks until an answer. c/s/q/h are answered here, any other line that is no command is
   * evaluated in the peer. Work held meanwhile (a save's patch, a notice) runs before the next question; the peer's
   * exit wakes an open question.
   */
  converse<Own extends string, Answer extends string = never>(
    peer: WorkerPeer,
    talk: Talk<Own, Answer>,
  ): Promise<Answer | 'continue' | 'skip' | 'quit'>
  /** The peer whose question is open. */
  readonly asking: WorkerPeer | undefined
  /** The open question gives way (the peer's exit, the session's end); the loop goes on. */
  giveWay(): void
}

export interface ConversationOptions {
  ask: Ask
  print(lines: string | string[]): void
  context: FormatContext
  /** The session closed: every loop ends with 'skip'. */
  closed(): boolean
  /** `q` or Ctrl-C at the prompt. */
  quit(): 'quit'
}

type CtrlC = Pick<Talk<never, never>, 'interrupt' | 'terminate'>

// After Ctrl-C, the test process's own answer ("cancelled") is worth a short wait: it says what happened there.
const EVALUATION_GRACE_MS = 1000
const STUCK = 'evaluation not stopped (Ctrl-C): it keeps the test process busy — q ends the run and stops that process'
/** The question while a statement is unfinished, as Node's REPL asks it. */
const CONTINUED = '...'
/** How long Tab waits for the test process's names. */
const COMPLETE_MS = 500
const BUSY =
  'the test process is still running what you typed, so it can neither patch nor go on: q ends the run and stops it'

export function createConversation({ ask, print, context, closed, quit }: ConversationOptions): Conversation {
  let active: { peer: WorkerPeer; wake: AbortController } | undefined
  // work for between questions (Screen.hold): run before the next one, dropped with the conversation
  const held: (() => Promise<void>)[] = []
  // the evaluation running now, and whether it said why a save waits for it
  let evaluating: { peer: WorkerPeer; said: boolean } | undefined
  // peers still running an evaluation Ctrl-C could not stop: they read nothing of ours until it ends
  const busy = new Set<WorkerPeer>()

  /** One line evaluated in the peer; Ctrl-C cancels it. */
  async function evaluate(peer: WorkerPeer, expression: string, { interrupt, terminate }: CtrlC) {
    evaluating = { peer, said: false }
    try {
      const call = peer.rpc.evaluate(expression)
      const outcome = await awaitCancellable(call, {
        watchCtrlC: ask.watchCtrlC,
        interrupt,
        graceMs: EVALUATION_GRACE_MS,
      })
      if (outcome.settled) print(formatEvalResult(outcome.value, context))
      else if (await terminate?.()) print(context.c.yellow('evaluation stopped (Ctrl-C): the test process ended it'))
      else {
        print(context.c.yellow(STUCK))
        busy.add(peer)
        const done = () => busy.delete(peer)
        call.then(done, done)
      }
    } catch (error) {
      if (!peer.closed) print(formatEvalResult({ ok: false, text: errorMessage(error) }, context))
    } finally {
      evaluating = undefined
    }
  }

  /**
   * Tab: the word at the end of `typed` completed as far as its candidates agree — names the test process has in scope
   * or properties of a value there, and the commands when it is the whole line; when they part, they are listed.
   */
  async function completed(peer: WorkerPeer, typed: string, commands: readonly string[]): Promise<string> {
    let found: Completion = { partial: /[\w$]*$/.exec(typed)?.[0] ?? '', names: [] }
    let timer: NodeJS.Timeout | undefined
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(reject, COMPLETE_MS)
      })
      found = await Promise.race([peer.rpc.complete?.(typed) ?? found, timeout])
    } catch {
      // no answer in time (or a stopped thread's helper, which has none): the commands may still complete
    } finally {
      clearTimeout(timer)
    }
    const words = found.partial === typed ? commands.filter((name) => name.startsWith(typed)) : []
    const names = [...new Set([...words, ...found.names])]
    if (names.length === 0) return typed
    const common = names.reduce((prefix, name) => {
      let i = 0
      while (i < prefix.length && prefix[i] === name[i]) i++
      return prefix.slice(0, i)
    })
    if (common.length > found.partial.length) return typed + common.slice(found.partial.length)
    print(context.c.dim(names.join('  ')))
    return typed
  }

  return {
    async converse<Own extends string, Answer extends string = never>(
      peer: WorkerPeer,
      { vocabulary, gone, command, interrupt, terminate, abandon }: Talk<Own, Answer>,
    ) {
      const question = questionOf(vocabulary)
      let typed = ''
      // the lines of a statement typed over several lines, until it is finished (Ctrl-C drops them)
      let unfinished = ''
      try {
        for (;;) {
          const wake = new AbortController()
          active = { peer, wake }
          try {
            if (closed()) return 'skip'
            if (peer.closed) {
              print(context.c.yellow(gone))
              return 'skip'
            }
            // a busy test process reads no patch: held work waits until its evaluation ends (or the run does)
            if (!busy.has(peer)) for (let work = held.shift(); work; work = held.shift()) await work()
            const result = await ask(unfinished ? CONTINUED : question, { signal: wake.signal, typed })
            typed = ''
            if (result.type === 'aborted') {
              typed = result.typed
              continue
            }
            if (result.type === 'complete') {
              const commands = unfinished ? [] : vocabulary.commands.map((c) => c.name)
              typed = busy.has(peer) ? result.typed : await completed(peer, result.typed, commands)
              continue
            }
            if (unfinished && result.type === 'interrupt') {
              unfinished = ''
              print(context.c.dim('(unfinished input dropped)'))
              continue
            }
            const leave = () => {
              if (busy.has(peer) && abandon) print(context.c.yellow(abandon()))
              return quit()
            }
            if (result.type === 'interrupt') return leave()
            if (result.type === 'eof') {
              if (!result.typed) return leave()
              print(context.c.dim('Ctrl-D on an empty line quits'))
              typed = result.typed
              continue
            }
            const action = unfinished ? undefined : commandFor(vocabulary, result.text)
            if (action === 'quit') return leave()
            if (action === 'help') print(formatHelp(vocabulary, context))
            else if (busy.has(peer) && (action !== undefined || result.text)) print(context.c.yellow(BUSY))
            else if (action === 'continue') return 'continue'
            else if (action === 'skip') return 'skip'
            else if (action !== undefined) {
              const answer = await command(action as Own)
              if (answer !== undefined) return answer
            } else if (result.text || unfinished) {
              const code = unfinished ? `${unfinished}\n${result.text}` : result.text
              unfinished = (await isUnfinished(code)) ? code : ''
              if (!unfinished) await evaluate(peer, code, { interrupt, terminate })
            }
          } finally {
            active = undefined
          }
        }
      } finally {
        // what is still held was for this conversation: a save stays pending for the peer's next turn
        held.length = 0
      }
    },
    hold(work, duringEvaluation) {
      if (!active) return false
      held.push(work)
      if (duringEvaluation && evaluating && !evaluating.said && !evaluating.peer.closed && !closed()) {
        evaluating.said = true
        print(context.c.dim(duringEvaluation))
      }
      active.wake.abort()
      return true
    },
    get asking() {
      return active?.peer
    },
    giveWay() {
      active?.wake.abort()
    },
  }
}
