// The worker's side of the loop, loaded at the first failure only: a passing run never pays for the channel, the
// attempt controller or the inspector (docs/architecture.md, "No debugger but for inspect").

import path from 'node:path'
import { connectChannel, createAttemptController, exportsInScope } from '@mighty-patcher/core/worker'
import type { ChannelInfo } from '../shared/env.js'
import { describeLocation } from './error-location.js'
import type { InstrumentedWorker } from './instrumented.js'
import { restartUnavailable, restartWhenDone } from './restart.js'
import type { Task, TaskError } from './task.js'
import { workerState } from './vitest-internals.js'

/** The attempt controller, with a failure described as Vitest reports it. */
export interface VitestLoop {
  beforeAttempt(t: Task): Promise<boolean>
  afterAttempt(t: Task): Promise<void>
  /** True: run `t` again in place (its retry goes on); false: it stays failed. */
  failed(t: Task, attempt: number, errors: TaskError[]): Promise<boolean>
  /** Time `t` spent waiting for the person (pauses, inspect stops), not running. */
  heldMs(t: Task): number
}

/** `worker`: the adapter and engine made at worker setup (modules are instrumented as they load). */
export function startLoop(info: ChannelInfo, { adapter, engine }: InstrumentedWorker): VitestLoop {
  const { port, token, root } = info
  const controller = createAttemptController({
    adapter,
    engine,
    root,
    scope: (testFile) => projectExports(root, testFile),
    connect: async (functions) => ({ channel: await connectChannel({ port, token, functions }), port, token }),
    restart: restartUnavailable() ?? true,
  })
  return {
    beforeAttempt: (t) => controller.beforeAttempt(t),
    afterAttempt: (t) => controller.afterAttempt(t),
    heldMs: (t) => controller.heldMs(t),
    async failed(t, attempt, errors) {
      let again = false
      await controller.failed(
        t,
        {
          testName: testName(t),
          testFile: t.file?.filepath ?? '',
          attempt,
          errors: errors.map((e) => describeError(e, workerState().config.root)),
          error: errors[0],
        },
        {
          rerun() {
            again = true
          },
          keepFailure: () => {},
          // main cancels the run
          endRun: () => {},
          restartFile: () => restartWhenDone(t, info, loadFailed),
        },
      )
      return again
    },
  }

  /** The file `r` ran again did not load: a pause on that, as on a failed test; `c` or `r` runs it again. */
  async function loadFailed(file: Task, attempt: number): Promise<boolean> {
    const filepath = (file as unknown as { filepath: string }).filepath
    const errors = file.result?.errors ?? []
    let again = false
    await controller.loadFailed(
      file,
      {
        testName: `${path.relative(workerState().config.root, filepath)} (loading it)`,
        testFile: filepath,
        attempt,
        errors: errors.map((e) => describeError(e, workerState().config.root)),
        error: errors[0],
      },
      {
        keepFailure: () => {},
        endRun: () => {},
        restartFile() {
          again = true
        },
      },
    )
    return again
  }
}

/** As Vitest reports it: the message, the diff, where it was thrown with the code there. */
function describeError(e: TaskError, root: string): string {
  const location = describeLocation(e.stack, root)
  return [`${e.name ?? 'Error'}: ${e.message ?? ''}`, e.diff, location.length ? location.join('\n') : undefined]
    .filter(Boolean)
    .join('\n\n')
}

function testName(t: Task): string {
  const names: string[] = []
  for (let s: Task | undefined = t; s && !('filepath' in s); s = s.suite) names.unshift(s.name)
  return names.join(' > ')
}

/** Exports of the evaluated modules under `root`, for the pause REPL; those `testFile` imports first. */
export function projectExports(root: string, testFile?: string): object {
  const modules = workerState().evaluatedModules
  const nodes = [...modules.idToModuleMap.values()]
  const imports = [...(testFile ? (modules.getModulesByFile(testFile) ?? []) : [])].flatMap((node) => [
    ...(node.imports ?? []),
  ])
  const first = new Set(imports.map((id) => modules.getModuleById(id)?.file ?? ''))
  return exportsInScope(
    nodes.map((node) => ({ file: node.file ?? '', exports: node.exports })),
    root,
    first,
  )
}
