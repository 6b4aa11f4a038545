// Added to `test.setupFiles` by the plugin; runs in every test worker, once per test file.
// The re-run rides Vitest's own retry loop (research/vitest.md §3): each test gets a large retry budget whose
// condition reads our decision, and a failed attempt pauses in `onTestFailed(fn, 0)` (0: no hook timeout) until the
// person answers in the main process.
import type { PauseInfo } from '@mighty-patcher/core/shared'
import { connectChannel, createPatchEngine, type PatchEngine, type WorkerChannel } from '@mighty-patcher/core/worker'
import { afterAll, beforeAll, beforeEach, inject, onTestFailed } from 'vitest'
import { type ChannelInfo, PROVIDE_KEY } from '../shared/constants.js'
import { createVitestAdapter } from './adapter.js'
import { evaluateInWorker } from './evaluate.js'
import { projectExports, workerState } from './vitest-internals.js'

type Task = {
  id: string
  name: string
  type: string
  mode: string
  retry?: number | { count?: number; condition?: unknown; delay?: number }
  suite?: Task
  file?: { filepath: string }
  tasks?: Task[]
  result?: { retryCount?: number; errors?: TaskError[]; attempts?: unknown }
  meta: Record<string, unknown>
}
type TaskError = { message?: string; name?: string; diff?: string; stack?: string }

const EXTRA_RETRIES = 1_000_000
const WORKER = Symbol.for('mighty-patcher.vitest-worker')

interface WorkerLoop {
  channel: WorkerChannel
  engine: PatchEngine
  lastError: unknown
  quit: boolean
}

const info = inject(PROVIDE_KEY as never) as ChannelInfo | undefined
if (info) await arm(await connectOnce(info))

/** One channel and one engine per worker: setup files are evaluated again for every test file. */
async function connectOnce(info: ChannelInfo): Promise<WorkerLoop> {
  const holder = globalThis as { [WORKER]?: Promise<WorkerLoop> }
  holder[WORKER] ??= (async () => {
    const neverReevaluate = () => new Set([workerState().filepath ?? '', ...workerState().config.setupFiles])
    const engine = createPatchEngine(createVitestAdapter(neverReevaluate))
    const loop = { engine, lastError: undefined, quit: false } as WorkerLoop
    loop.channel = await connectChannel({
      port: info.port,
      token: info.token,
      functions: {
        patch: (files) => engine.patch(files),
        evaluate: (expression) => evaluateInWorker(expression, loop.lastError, projectExports(info.root)),
      },
    })
    return loop
  })()
  return holder[WORKER]
}

function arm(loop: WorkerLoop): void {
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

  beforeEach(({ task }) => {
    const t = task as unknown as Task
    // Vitest 4 keeps the paused attempt's errors on a test that passes when re-run; 5 records attempts itself
    if (rerun.get(t) && t.result && !('attempts' in t.result)) t.result.errors = undefined
    rerun.set(t, false)
    onTestFailed(async () => {
      const attempt = t.result?.retryCount ?? 0
      if (attempt < userRetries(t)) return void rerun.set(t, true) // the user's own retries come first
      if (loop.quit) return
      const errors = t.result?.errors ?? []
      loop.lastError = errors[0]
      const action = await loop.channel.main.pause(pauseInfo(t, attempt + 1, errors))
      if (action === 'quit') loop.quit = true
      rerun.set(t, action === 'continue')
    }, 0)
  })
}

function pauseInfo(t: Task, attempt: number, errors: TaskError[]): PauseInfo {
  const names: string[] = []
  for (let s: Task | undefined = t; s && !('filepath' in s); s = s.suite) names.unshift(s.name)
  return {
    testName: names.join(' > '),
    testFile: t.file?.filepath ?? '',
    attempt,
    errors: errors.map((e) => [`${e.name ?? 'Error'}: ${e.message ?? ''}`, e.diff].filter(Boolean).join('\n\n')),
    pid: process.pid,
  }
}

function forEachTest(task: Task, visit: (test: Task) => void): void {
  if (task.type === 'test') visit(task)
  for (const child of task.tasks ?? []) forEachTest(child, visit)
}
