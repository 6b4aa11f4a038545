// The re-run rides Vitest's own retry loop (docs/architecture.md, "Vitest: re-running through retry"): each test gets
// a large retry budget whose condition reads our decision (Vitest 4.0: a budget only, ended by `endRetries`), and a
// failed attempt pauses in `onTestFailed(fn, 0)` (0: no hook timeout) until the person answers in the main process.
import { afterAll, beforeAll, beforeEach } from 'vitest'
import type { ChannelInfo } from '../shared/env.js'
import type { VitestLoop } from './loop.js'
import type { Task, TaskError } from './task.js'

const EXTRA_RETRIES = 1_000_000

/** The worker's loop: the one made already (none before its first failure), or made now. */
export interface LoopAccess {
  existing(): Promise<VitestLoop> | undefined
  loop(): Promise<VitestLoop>
}

/** Every test of each file this worker runs gets the retry budget; a failed attempt pauses in `onTestFailed`. */
export function armRetries(info: ChannelInfo, { existing, loop: workerLoop }: LoopAccess): void {
  const original = new WeakMap<Task, Pick<Task, 'retry' | 'fails'>>()
  const rerun = new WeakMap<Task, boolean>()
  const userRetries = (t: Task) => {
    const retry = original.get(t)?.retry
    return typeof retry === 'number' ? retry : (retry?.count ?? 0)
  }

  beforeAll(function () {
    // biome-ignore lint/complexity/noArguments: a rest parameter would be parsed for fixtures (see suiteOf)
    forEachTest(suiteOf(arguments), (t) => {
      // `test.fails`: its error is what it expects (Vitest turns it into a pass after the hooks): never paused, and
      // no retries of ours (Vitest 4.0 would spend them all on the expected failure)
      if (t.fails) return
      original.set(t, { retry: t.retry, fails: t.fails })
      const base = typeof t.retry === 'object' ? t.retry : {}
      const count = userRetries(t) + EXTRA_RETRIES
      // runTest reads the count once, but the condition lazily after each failed attempt
      t.retry = info.retryConditions ? { ...base, count, condition: () => rerun.get(t) === true } : count
    })
  })
  afterAll(function () {
    // biome-ignore lint/complexity/noArguments: see beforeAll
    forEachTest(suiteOf(arguments), (t) => {
      const saved = original.get(t)
      if (saved) Object.assign(t, saved)
    })
  })

  // the test's own context hooks: the global onTestFailed cannot tell concurrent tests apart
  beforeEach(async ({ task, onTestFailed, onTestFinished }) => {
    const t = task as unknown as Task
    // Vitest 4 keeps the paused attempt's errors on a test that passes when re-run; 5 records attempts itself
    if (rerun.get(t) && t.result && !('attempts' in t.result)) t.result.errors = undefined
    rerun.set(t, false)
    // before this worker's first failure there is no loop, so no `i` to answer
    const made = existing()
    const inspected = made ? await (await made).beforeAttempt(t) : false
    if (inspected) onTestFinished(async () => (await workerLoop()).afterAttempt(t))
    onTestFailed(async () => {
      if (!original.has(t)) return // test.fails (see beforeAll)
      const attempt = t.result?.retryCount ?? 0
      const errors = currentErrors(t)
      if (attempt < userRetries(t) && !inspected) return void rerun.set(t, true) // the user's own retries first
      const loop = await workerLoop()
      const again = await loop.failed(t, attempt + 1, errors)
      rerun.set(t, again)
      if (!again && !info.retryConditions) endRetries(t)
      reportOwnTime(t, loop)
    }, 0)
  })
}

/**
 * Suite hooks get the suite last: Vitest 4.1 passes (fixture context, suite), 4.0 (suite). Declaring no parameter
 * keeps 4.1 from parsing the hook for fixtures (it wants an object pattern first).
 */
function suiteOf(args: IArguments): Task {
  return args[args.length - 1] as Task
}

/**
 * Vitest 4.0 ends its retry loop on a pass only. To keep this failure: the attempt counts as passed for the loop, and
 * `fails` makes runTest turn it back into a failure right after; the attempt's own errors stay (runTest's "Expect test
 * to fail" is not taken). `afterAll` restores `fails`.
 */
function endRetries(t: Task): void {
  const result = t.result
  if (!result) return
  const errors = result.errors
  Object.defineProperty(result, 'errors', { get: () => errors, set: () => {}, enumerable: true, configurable: true })
  t.fails = true
  result.state = 'pass'
}

/**
 * Vitest times a test over all its attempts, our pauses included: the duration it sets once the test is over is taken
 * without the time the test waited for the person (docs/architecture.md, "Vitest: re-running through retry").
 */
function reportOwnTime(t: Task, loop: VitestLoop): void {
  const result = t.result as Record<string, unknown> | undefined
  if (!result || Object.getOwnPropertyDescriptor(result, 'duration')?.set) return
  let duration = result.duration
  Object.defineProperty(result, 'duration', {
    enumerable: true,
    configurable: true,
    get: () => duration,
    set(ms: unknown) {
      duration = typeof ms === 'number' ? Math.max(0, ms - loop.heldMs(t)) : ms
    },
  })
}

/** This attempt's errors: Vitest 5 keeps every attempt's errors in `result.errors` and counts them in `attempts`. */
function currentErrors(t: Task): TaskError[] {
  const earlier = (t.result?.attempts ?? []).reduce((count, attempt) => count + (attempt.errors?.length ?? 0), 0)
  return (t.result?.errors ?? []).slice(earlier)
}

function forEachTest(task: Task, visit: (test: Task) => void): void {
  if (task.type === 'test') visit(task)
  for (const child of task.tasks ?? []) forEachTest(child, visit)
}
