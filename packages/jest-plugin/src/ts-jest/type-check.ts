import { Worker } from 'node:worker_threads'
import { relativePath } from '@mighty-patcher/core/main'
import type { FromTypeCheck, ToTypeCheck, TransformContext } from '../main/host-messages.js'
import { typeErrorNotice } from './type-error-notice.js'

// The session's side of the type check after a patch (docs/architecture.md, "Jest: ts-jest"): its thread starts at the
// first pause of a test file whose ts-jest type-checks, one check runs at a time, and of the checks waiting for a
// file only the newest runs (an older version's errors no longer concern the person).

export interface TypeCheck {
  /** A paused test file's project type-checks with ts-jest: check its saves; `warmFile` warms the checker now. */
  offer(context: TransformContext, warmFile: string): void
  /** Lines for the session after `file`'s patch: its type errors, or none. */
  check(file: string): Promise<string[]>
}

export function createTypeCheck(root: string): TypeCheck {
  let thread: Worker | undefined
  let broken: string | undefined
  let nextId = 0
  const answers = new Map<number, (answer: FromTypeCheck) => void>()
  const waiting = new Map<string, (lines: string[]) => void>()
  let running = false

  const start = () => {
    // what ts-jest logs there (its config warnings, said once already by the run's own transform) would land on the
    // prompt: the check's answer comes back as a message, its output is dropped
    const worker = new Worker(new URL('./type-check-thread.js', import.meta.url), { stdout: true, stderr: true })
    worker.stdout.resume()
    worker.stderr.resume()
    worker.unref() // the run ends when the tests do
    worker.on('message', (answer: FromTypeCheck) => {
      answers.get(answer.id)?.(answer)
      answers.delete(answer.id)
    })
    const fail = (why: string) => {
      broken = why
      for (const [id, answer] of answers) answer({ type: 'checked', id, failed: why })
      answers.clear()
    }
    worker.on('error', (error) => fail(`the type-check thread failed: ${error.message}`))
    worker.on('exit', (code) => fail(`the type-check thread exited (${code})`))
    return worker
  }

  const ask = (file: string): Promise<FromTypeCheck> => {
    const id = nextId++
    if (!thread || broken) return Promise.resolve({ type: 'checked', id, failed: broken })
    const worker = thread
    return new Promise((resolve) => {
      answers.set(id, resolve)
      worker.postMessage({ type: 'check', id, file } satisfies ToTypeCheck)
    })
  }

  const linesOf = (file: string, answer: FromTypeCheck): string[] => {
    const name = relativePath(root, file)
    if (answer.diagnostics) return [typeErrorNotice(name, answer.diagnostics)]
    if (answer.failed) return [`could not type-check ${name}: ${answer.failed.split('\n')[0]}`]
    return []
  }

  async function drain(): Promise<void> {
    if (running) return
    running = true
    try {
      for (const [file, resolve] of waiting) {
        waiting.delete(file)
        resolve(linesOf(file, await ask(file)))
      }
    } finally {
      running = false
    }
  }

  return {
    offer(context, warmFile) {
      thread ??= start()
      try {
        thread.postMessage({ type: 'offer', context, warmFile } satisfies ToTypeCheck)
      } catch {
        // a config that does not clone: nothing is checked after a patch (Jest checks at the next run)
      }
    },
    check(file) {
      // no project offered: its ts-jest does not type-check, nothing to say
      if (!thread) return Promise.resolve([])
      return new Promise((resolve) => {
        waiting.get(file)?.([])
        waiting.set(file, resolve)
        void drain()
      })
    },
  }
}
