// The worker's side of the loop, loaded at the first failure only: a passing run never pays for the patch engine,
// the channel or the inspector (design rule 6 in spirit: nothing of the loop runs while tests pass).
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
import type { ChannelInfo } from '../shared/constants.js'
import { createVitestAdapter } from './adapter.js'
import { evaluateInWorker } from './evaluate.js'
import type { Task, TaskError } from './task.js'
import { projectExports, workerState } from './vitest-internals.js'

export interface WorkerLoop {
  info: ChannelInfo
  adapter: RunnerAdapter
  channel: WorkerChannel
  engine: PatchEngine
  lastError: unknown
  quit: boolean
}

export type Inspected = { attempt?: InspectedAttempt; why?: string }

export async function connectLoop(info: ChannelInfo): Promise<WorkerLoop> {
  const neverReevaluate = () => new Set([workerState().filepath ?? '', ...workerState().config.setupFiles])
  const adapter = createVitestAdapter(neverReevaluate)
  const engine = createPatchEngine(adapter)
  const loop = { info, adapter, engine, lastError: undefined, quit: false } as WorkerLoop
  loop.channel = await connectChannel({
    port: info.port,
    token: info.token,
    functions: {
      patch: (changed, deleted) => engine.patch(changed, deleted),
      evaluate: (expression) => evaluateInWorker(expression, loop.lastError, projectExports(info.root)),
    },
  })
  return loop
}

/** `i` at the prompt: this attempt runs with the inspector armed (and only this one). */
export async function armInspected(loop: WorkerLoop, t: Task, failed: TaskError): Promise<Inspected> {
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

export function pauseInfo(t: Task, attempt: number, errors: TaskError[]): PauseInfo {
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
