// The worker's side of the loop, loaded at the first failure only: a passing run never pays for the patch engine,
// the channel or the inspector (docs/architecture.md, "Debugger only while patching").
import { type AttemptDecision, connectChannel, createAttemptController } from '@mighty-patcher/core/worker'
import type { ChannelInfo } from '../shared/constants.js'
import { createVitestAdapter } from './adapter.js'
import { restartUnavailable, restartWhenDone } from './restart.js'
import type { Task, TaskError } from './task.js'
import { projectExports, workerState } from './vitest-internals.js'

/** The attempt controller, with a failure described as Vitest reports it. */
export interface VitestLoop {
  beforeAttempt(t: Task): Promise<boolean>
  afterAttempt(t: Task): Promise<void>
  failed(t: Task, attempt: number, errors: TaskError[]): Promise<AttemptDecision>
}

export function startLoop(info: ChannelInfo): VitestLoop {
  const neverReevaluate = () => new Set([workerState().filepath ?? '', ...workerState().config.setupFiles])
  const { port, token, root } = info
  const controller = createAttemptController({
    adapter: createVitestAdapter(neverReevaluate),
    root,
    scope: () => projectExports(root),
    connect: async (functions) => ({ channel: await connectChannel({ port, token, functions }), port, token }),
    restart: restartUnavailable() ?? true,
  })
  return {
    beforeAttempt: (t) => controller.beforeAttempt(t),
    afterAttempt: (t) => controller.afterAttempt(t),
    async failed(t, attempt, errors) {
      const decision = await controller.failed(t, {
        testName: testName(t),
        testFile: t.file?.filepath ?? '',
        attempt,
        errors: errors.map((e) => [`${e.name ?? 'Error'}: ${e.message ?? ''}`, e.diff].filter(Boolean).join('\n\n')),
        error: errors[0],
      })
      // `q` needs nothing here: main cancels the run
      if (decision === 'restart') await restartWhenDone(t, info)
      return decision
    },
  }
}

function testName(t: Task): string {
  const names: string[] = []
  for (let s: Task | undefined = t; s && !('filepath' in s); s = s.suite) names.unshift(s.name)
  return names.join(' > ')
}
