// Added to `test.setupFiles` by the plugin; runs in every test worker, once per test file.
// The re-run rides Vitest's own retry loop (research/vitest.md §3): each test gets a large retry budget whose
// condition reads our decision, and a failed attempt pauses in `onTestFailed(fn, 0)` (0: no hook timeout) until the
// person answers in the main process.
import type { PauseInfo } from '@mighty-patcher/core/shared'
import {
  armInspector,
  connectChannel,
  createPatchEngine,
  type InspectedAttempt,
  inspectUnavailable,
  type PatchEngine,
  type RunnerAdapter,
  type WorkerChannel,
} from '@mighty-patcher/core/worker'
import { afterAll, beforeAll, beforeEach, inject, onTestFailed, onTestFinished } from 'vitest'
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
  info: ChannelInfo
  adapter: RunnerAdapter
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
    const adapter = createVitestAdapter(neverReevaluate)
    const engine = createPatchEngine(adapter)
    const loop = { info, adapter, engine, lastError: undefined, quit: false } as WorkerLoop
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
  // `i` at the prompt: the next attempt of this test runs with the inspector armed (and only that one)
  const inspectNext = new WeakMap<Task, TaskError>()
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
    const inspected = await armIfAsked(t)
    if (inspected) onTestFinished(() => void inspected.attempt?.finish())
    onTestFailed(async () => {
      const attempt = t.result?.retryCount ?? 0
      const errors = t.result?.errors ?? []
      const notes = inspected ? await afterInspected(t, inspected) : []
      if (notes === 'decided') return
      if (attempt < userRetries(t)) return void rerun.set(t, true) // the user's own retries come first
      if (loop.quit) return
      loop.lastError = errors[0]
      const action = await loop.channel.main.pause({ ...pauseInfo(t, attempt + 1, errors), notes })
      if (action === 'quit') loop.quit = true
      if (action === 'inspect') inspectNext.set(t, errors[0] ?? {})
      rerun.set(t, action === 'continue' || action === 'inspect')
    }, 0)
  })

  async function armIfAsked(t: Task): Promise<{ attempt?: InspectedAttempt; why?: string } | undefined> {
    const failed = inspectNext.get(t)
    if (!failed) return undefined
    inspectNext.delete(t)
    try {
      const scope = () => projectExports(loop.info.root)
      const attempt = await armInspector(
        { ...loop.info, adapter: loop.adapter, scope },
        {
          testName: testName(t),
          testFile: t.file?.filepath ?? '',
          root: loop.info.root,
          expected: { name: failed.name ?? 'Error', message: failed.message ?? '', stack: failed.stack },
        },
      )
      return { attempt }
    } catch (error) {
      return { why: `inspect could not start: ${(error as Error).message}` }
    }
  }

  /** After an inspected attempt: the person already chose at the stop, or the pause says why it did not stop. */
  async function afterInspected(t: Task, inspected: { attempt?: InspectedAttempt; why?: string }) {
    if (!inspected.attempt) return [inspected.why ?? 'inspect could not start']
    const outcome = await inspected.attempt.finish()
    if (!outcome.stopped) return [`inspect: ${outcome.why}`]
    if (outcome.action === 'quit') loop.quit = true
    // the saves made while stopped are patched now, before the re-run
    if (outcome.action === 'continue') await loop.channel.main.sync()
    rerun.set(t, outcome.action === 'continue')
    return 'decided' as const
  }
}

function pauseInfo(t: Task, attempt: number, errors: TaskError[]): PauseInfo {
  return {
    testName: testName(t),
    testFile: t.file?.filepath ?? '',
    attempt,
    errors: errors.map((e) => [`${e.name ?? 'Error'}: ${e.message ?? ''}`, e.diff].filter(Boolean).join('\n\n')),
    pid: process.pid,
    inspect: inspectUnavailable() ?? true,
  }
}

function testName(t: Task): string {
  const names: string[] = []
  for (let s: Task | undefined = t; s && !('filepath' in s); s = s.suite) names.unshift(s.name)
  return names.join(' > ')
}

function forEachTest(task: Task, visit: (test: Task) => void): void {
  if (task.type === 'test') visit(task)
  for (const child of task.tasks ?? []) forEachTest(child, visit)
}
