import type { CircusEvent, CircusTest, EnvironmentLike } from './jest-types.js'

// Re-running a failed test in place with jest-circus' own retry machinery
// (docs/architecture.md, "Jest: pausing and re-running"): the globals `jest.retryTimes(n, { retryImmediately: true })`
// would set make circus retry a failed test while it still has errors; the environment's `handleTestEvent` is awaited,
// so the pause happens inside `test_done`. beforeAll state, the module registry and the vm context all stay as they
// are. Ending the file early (`q`, `r`) marks what has not started as skipped, describe blocks included, so their
// beforeAll does not run either.

const RETRY_TIMES = Symbol.for('RETRY_TIMES')
const RETRY_IMMEDIATELY = Symbol.for('RETRY_IMMEDIATELY') // Jest ≥ 30; 29.7 retries at the end of the describe block
/** A cap, not a goal: parseInt(String(Infinity)) would mean no retries at all. */
const MAX_RERUNS = 1000

/** `stop-file`: keep the failure, and nothing of this file that has not started runs. */
export type Decision = 'rerun' | 'keep-failure' | 'stop-file'

export interface RetryControlOptions {
  /** Called on each failure; the test re-runs on 'rerun' and stays failed otherwise. */
  decide(test: CircusTest): Promise<Decision>
  /** Before each attempt of a test (the first and every re-run), awaited by circus. */
  beforeAttempt?(test: CircusTest): Promise<void>
  /** After each attempt, passed or failed, before `decide`. */
  afterAttempt?(test: CircusTest): Promise<void>
  /** The test file set up its own retries (`jest.retryTimes`): the loop stays out of this file. */
  onOwnRetries(): void
}

interface Kept {
  errors: unknown[]
  mode: string | undefined
  startedAt: number | null | undefined
  /** circus announced the retry; the test runs as skipped so its body and hooks do not run again. */
  armed: boolean
}

export function installRetryControl(
  environment: EnvironmentLike,
  { decide, beforeAttempt, afterAttempt, onOwnRetries }: RetryControlOptions,
) {
  environment.global[RETRY_TIMES] = MAX_RERUNS
  environment.global[RETRY_IMMEDIATELY] = true
  const kept = new Map<CircusTest, Kept>()
  // circus never retries a test that failed before it started (a beforeAll error): no pause for those
  const failedBeforeStart = new WeakSet<CircusTest>()
  let restore: (() => void) | undefined
  let active = true
  let stopped = false
  // decided 'rerun', the retry not begun yet (Jest 29 defers it): ending the file early keeps their failure too
  const rerunning = new Set<CircusTest>()
  const keepFailure = (test: CircusTest) =>
    kept.set(test, { errors: test.errors, mode: test.mode, startedAt: test.startedAt, armed: false })
  let turn = Promise.resolve() // test.concurrent: one pause at a time
  const original = environment.handleTestEvent

  // "Keep the failure" must end circus' `while (retries > 0 && test.errors.length > 0)` loop without the test
  // counting as passed. Circus clears the errors on test_retry; the retry then runs in skip mode, and on the very
  // next event (after circus looked at the empty errors) the failure is put back.
  async function handle(event: CircusEvent): Promise<void> {
    if (restore && event.name !== 'test_skip') {
      restore()
      restore = undefined
    }
    if (!active) return
    const test = event.test
    const keep = test && kept.get(test)
    switch (event.name) {
      case 'run_start':
        if (environment.global[RETRY_TIMES] !== MAX_RERUNS) {
          active = false
          onOwnRetries()
        }
        break
      case 'run_describe_start':
        if (stopped && event.describeBlock) event.describeBlock.mode = 'skip'
        break
      case 'test_retry':
        if (test) rerunning.delete(test)
        if (keep && test) {
          keep.armed = true
          test.mode = 'skip'
        }
        break
      case 'test_start':
        if (!test) break
        // the skipped retry is not an attempt
        if (keep?.armed) test.invocations--
        else if (stopped) test.mode = 'skip'
        else if (test.invocations === 1 && test.errors.length > 0) failedBeforeStart.add(test)
        else await beforeAttempt?.(test)
        break
      case 'test_skip':
        if (keep?.armed && test) {
          kept.delete(test)
          restore = () =>
            Object.assign(test, { errors: keep.errors, mode: keep.mode, startedAt: keep.startedAt, status: 'done' })
        }
        break
      case 'test_done': {
        if (test && !keep?.armed && !failedBeforeStart.has(test)) await afterAttempt?.(test)
        if (!test || test.errors.length === 0 || failedBeforeStart.has(test)) break
        const decision = turn.then(() => decide(test)).catch((): Decision => 'keep-failure')
        turn = decision.then(() => undefined)
        const decided = await decision
        if (decided === 'rerun') rerunning.add(test)
        else keepFailure(test)
        if (decided === 'stop-file') {
          stopped = true
          for (const waiting of rerunning) keepFailure(waiting)
          rerunning.clear()
        }
        break
      }
    }
  }

  environment.handleTestEvent = async (event, state) => {
    await original?.call(environment, event, state)
    await handle(event)
  }
}
