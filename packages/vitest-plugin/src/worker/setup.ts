// Added to `test.setupFiles` by the plugin; runs in every test worker, once per test file.
// The re-run rides Vitest's own retry loop (docs/architecture.md, "Vitest: re-running through retry"): each test gets
// a large retry budget whose condition reads our decision, and a failed attempt pauses in `onTestFailed(fn, 0)` (0: no
// hook timeout) until the person answers in the main process. This file stays small: the rest loads at the first
// failure (./loop).
import { afterAll, beforeAll, beforeEach, inject, onTestFailed, onTestFinished } from 'vitest'
import { type ChannelInfo, PROVIDE_KEY } from '../shared/constants.js'
import type { VitestLoop } from './loop.js'
import type { Task, TaskError } from './task.js'

const EXTRA_RETRIES = 1_000_000
const WORKER = Symbol.for('mighty-patcher.vitest-worker')

const info = inject(PROVIDE_KEY as never) as ChannelInfo | undefined
if (info) arm(info)

/** One loop per worker, made at its first failure: setup files run again for every test file. */
const holder = globalThis as { [WORKER]?: Promise<VitestLoop> }
function workerLoop(info: ChannelInfo): Promise<VitestLoop> {
  holder[WORKER] ??= import('./loop.js').then(({ startLoop }) => startLoop(info))
  return holder[WORKER]
}

function arm(info: ChannelInfo): void {
  const original = new WeakMap<Task, Task['retry']>()
  const rerun = new WeakMap<Task, boolean>()
  const userRetries = (t: Task) => {
    const retry = original.get(t)
    return typeof retry === 'number' ? retry : (retry?.count ?? 0)
  }

  // Vitest parses a hook's first parameter for fixtures and requires an object pattern; the suite comes second
  // biome-ignore lint/correctness/noEmptyPattern: see above
  beforeAll(({}, file: unknown) => {
    forEachTest(file as Task, (t) => {
      original.set(t, t.retry)
      const base = typeof t.retry === 'object' ? t.retry : {}
      // runTest reads the count once, but the condition lazily after each failed attempt
      t.retry = { ...base, count: userRetries(t) + EXTRA_RETRIES, condition: () => rerun.get(t) === true }
    })
  })
  // biome-ignore lint/correctness/noEmptyPattern: see beforeAll
  afterAll(({}, file: unknown) => {
    forEachTest(file as Task, (t) => {
      if (original.has(t)) t.retry = original.get(t)
    })
  })

  beforeEach(async ({ task }) => {
    const t = task as unknown as Task
    // Vitest 4 keeps the paused attempt's errors on a test that passes when re-run; 5 records attempts itself
    if (rerun.get(t) && t.result && !('attempts' in t.result)) t.result.errors = undefined
    rerun.set(t, false)
    // before this worker's first failure there is no loop, so no `i` to answer
    const inspected = holder[WORKER] ? await (await holder[WORKER]).beforeAttempt(t) : false
    if (inspected) onTestFinished(async () => (await workerLoop(info)).afterAttempt(t))
    onTestFailed(async () => {
      const attempt = t.result?.retryCount ?? 0
      const errors = currentErrors(t)
      if (attempt < userRetries(t) && !inspected) return void rerun.set(t, true) // the user's own retries first
      const loop = await workerLoop(info)
      const decision = await loop.failed(t, attempt + 1, errors)
      rerun.set(t, decision === 'rerun')
      reportOwnTime(t, loop)
    }, 0)
  })
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
