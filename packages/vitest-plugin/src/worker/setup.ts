// Added to `test.setupFiles` by the plugin; runs in every test worker, once per test file: modules are instrumented
// as they load, coverage is followed, and every test gets the retries a pause rides on (./retries). This file stays
// small: the loop loads at the first failure (./loop).
import { inject } from 'vitest'
import { type ChannelInfo, PROVIDE_KEY } from '../shared/env.js'
import { followCoverage } from './coverage.js'
import { type InstrumentedWorker, instrumentWorker } from './instrumented.js'
import type { VitestLoop } from './loop.js'
import { armRetries } from './retries.js'

const WORKER = Symbol.for('mighty-patcher.vitest-worker')
/** One loop per worker, made at its first failure: setup files run again for every test file. */
const holder = globalThis as { [WORKER]?: Promise<VitestLoop> }

const info = inject(PROVIDE_KEY as never) as ChannelInfo | undefined
// the engine must see each module's code as it loads: hooked before the test file is imported
const instrumented: InstrumentedWorker | undefined = info ? instrumentWorker(info) : undefined
if (info && instrumented) {
  const worker = instrumented
  armRetries(info, {
    // before this worker's first failure there is no loop, so no `i` to answer
    existing: () => holder[WORKER],
    loop: () => workerLoop(info, worker),
  })
}
// V8 coverage counts the instrumented code: turned back to Vite's before Vitest maps it
if (instrumented) await followCoverage(instrumented.engine)

function workerLoop(info: ChannelInfo, worker: InstrumentedWorker): Promise<VitestLoop> {
  holder[WORKER] ??= import('./loop.js').then(({ startLoop }) => startLoop(info, worker))
  return holder[WORKER]
}
