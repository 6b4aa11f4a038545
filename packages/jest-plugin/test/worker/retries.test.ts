import { describe, expect, it } from 'vitest'
import type { CircusBlock, CircusEvent, CircusTest, EnvironmentLike } from '../../src/worker/jest-types.js'
import { type Decision, installRetryControl } from '../../src/worker/retries.js'

// Retry control over a scripted stream of circus events, as jest-circus dispatches them to the environment (its own
// handler has run first: on `test_retry` the errors are already cleared). `q` and `r` end the file early.

function test(name: string): CircusTest {
  return { name, errors: [], invocations: 1 }
}

function control(decisions: Decision[]) {
  const environment: EnvironmentLike = { global: {}, getVmContext: () => null }
  installRetryControl(environment, {
    decide: async () => decisions.shift() ?? 'keep-failure',
    onOwnRetries: () => {},
  })
  const dispatch = (name: string, extra: Partial<CircusEvent> = {}) =>
    environment.handleTestEvent?.({ name, ...extra }, {}) as Promise<void>
  return { dispatch }
}

/** circus' `_runTest` up to its skip check, then what it dispatches for a failure. */
async function fails(dispatch: ReturnType<typeof control>['dispatch'], t: CircusTest): Promise<void> {
  await dispatch('test_start', { test: t })
  if (t.mode === 'skip') return
  t.errors = [new Error(`${t.name} failed`)]
  await dispatch('test_done', { test: t })
}

describe('ending the file early (stop-file)', () => {
  it('keeps the failure; tests and describe blocks that have not started are skipped', async () => {
    const { dispatch } = control(['stop-file'])
    const first = test('first')
    const later = test('later')
    const block: CircusBlock = { name: 'later block' }
    await dispatch('run_start')
    await fails(dispatch, first)
    await dispatch('test_start', { test: later })
    await dispatch('run_describe_start', { describeBlock: block })
    expect(later.mode).toBe('skip')
    expect(block.mode).toBe('skip')
    // circus retries the kept test while it has errors: its retry runs skipped, then its failure is put back
    first.errors = []
    await dispatch('test_retry', { test: first })
    await dispatch('test_start', { test: first })
    await dispatch('test_skip', { test: first })
    await dispatch('run_finish')
    expect(first.errors).toHaveLength(1)
    expect(first.status).toBe('done')
  })

  it('a re-run still waiting (Jest 29 defers it) keeps its failure instead of being skipped as a pass', async () => {
    const { dispatch } = control(['rerun', 'stop-file'])
    const deferred = test('deferred')
    const quitter = test('quitter')
    await dispatch('run_start')
    await fails(dispatch, deferred)
    await fails(dispatch, quitter)
    deferred.errors = []
    await dispatch('test_retry', { test: deferred })
    expect(deferred.mode).toBe('skip')
    await dispatch('test_start', { test: deferred })
    await dispatch('test_skip', { test: deferred })
    await dispatch('run_finish')
    expect(deferred.errors).toHaveLength(1)
  })

  it('without it, the next test runs as usual', async () => {
    const { dispatch } = control(['keep-failure'])
    const first = test('first')
    const next = test('next')
    await dispatch('run_start')
    await fails(dispatch, first)
    await dispatch('test_start', { test: next })
    expect(next.mode).toBeUndefined()
  })
})
