import type { RunnerAdapter } from '../engine/adapter.js'
import type { PauseAction, PauseInfo } from '../shared/protocol.js'
import { realPath } from '../shared/real-path.js'
import { followStoppedEdits } from './inspect/follow-edits.js'
import { armInspector, type InspectedAttempt, inspectUnavailable } from './inspect/inspector.js'
import type { InspectOutcome } from './inspect/messages.js'
import { createMainLink, type MainLinkOptions } from './main-link.js'

// What both runners do with a failed attempt of a test: pause and ask main, re-run on `c`, keep the failure on `s`,
// end the run on `q`, run the test file again on `r`, and on `i` re-run once with the inspector armed (the person then
// chooses at the stop). The runner only says how it re-runs a test or a file, ends a run, and describes a failure.

/** A failed attempt, as the runner describes it. */
export interface FailedAttempt {
  /** "math › double": the runner's full test name. */
  testName: string
  /** Absolute path of the test file. */
  testFile: string
  /** 1 for the first failure, then one more per re-run. */
  attempt: number
  /** As the runner reports them (diffs, code frames): the pause header shows them. */
  errors: string[]
  /** The first error itself: `$error` at the prompt, and what an inspected re-run must throw again to stop there. */
  error: unknown
  /** The test file itself did not load (after `r`): no test ran, so there is nothing for inspect to stop in. */
  loading?: boolean
}

/**
 * What a runner does with the person's answer about a file that did not load, on the controller's word
 * (docs/architecture.md, "Restarting a file, quitting the run").
 */
export interface FileActions {
  /** Let it fail and go on. */
  keepFailure(): void | Promise<void>
  /** Let it fail and end the run now. */
  endRun(): void | Promise<void>
  /** Let it fail, skip the rest of its file, and run the file again with fresh modules once this run of it ends. */
  restartFile(): void | Promise<void>
}

/** What a runner does with the person's answer about a failed test: the same, or run the test again in place. */
export interface RunnerActions extends FileActions {
  rerun(): void | Promise<void>
}

/**
 * `rerun`: run the test again in place. `keep-failure`: let it fail and go on. `quit`: let it fail and end the run now.
 * `restart`: let it fail, skip the rest of its file, then run the file again with fresh modules; only the new run
 * counts.
 */
export type AttemptDecision = 'rerun' | 'keep-failure' | 'quit' | 'restart'

export interface AttemptControllerOptions extends MainLinkOptions {
  adapter: RunnerAdapter
  /** The reload dir: frames under it count as the person's code at an inspect stop. */
  root: string
  /** The runner's status redraw, muted while the prompt owns the terminal: a pause, an inspected attempt (Jest). */
  statusLine?: { hold(): void; release(): void }
  /** Before an inspected attempt starts (Jest: offers its transform to the session's thread). */
  beforeInspect?(): void
  /** Whether this runner can restart the test file (`r`): true, or why not. Absent: it cannot. */
  restart?: true | string
  /** Default: armInspector. */
  inspector?: typeof armInspector
}

/** Calls per test, keyed by the runner's test object. */
export interface AttemptController {
  /** Opens the channel now rather than at the first failure (Jest: its session starts with the test file). */
  connect(): Promise<void>
  /** Before each attempt: arms the inspector when `i` asked for this one. True when it did (or tried). */
  beforeAttempt(test: object): Promise<boolean>
  /** After each attempt, passed or failed: ends an inspected attempt. */
  afterAttempt(test: object): Promise<void>
  /** A failed attempt: the decision, carried out through the runner's actions before it is returned. */
  failed(test: object, failure: FailedAttempt, actions: RunnerActions): Promise<AttemptDecision>
  /** The test file did not load: `c` and `r` both run it again (there is no test to re-run in place). */
  loadFailed(file: object, failure: Omit<FailedAttempt, 'loading'>, actions: FileActions): Promise<AttemptDecision>
  /**
   * Milliseconds the test spent waiting for the person rather than running: at its pauses, and in attempts stopped by
   * inspect. A runner that times a test over all its attempts takes this off.
   */
  heldMs(test: object): number
  close(): void
}

type Armed = ({ attempt: InspectedAttempt } | { why: string }) & { since: number }

export function createAttemptController(options: AttemptControllerOptions): AttemptController {
  const { adapter, scope, statusLine, beforeInspect, restart, inspector = armInspector } = options
  // the runner names modules by their real paths: a reload dir reached through a symlink is compared as such
  const root = realPath(options.root)
  const link = createMainLink(options)
  // `i` at the pause: the next attempt of that test, and only that one, runs with the inspector armed
  const inspectNext = new WeakMap<object, FailedAttempt>()
  const armed = new WeakMap<object, Armed>()
  const outcomes = new WeakMap<object, InspectOutcome>()
  const held = new WeakMap<object, number>()
  const hold = (test: object, since: number) => held.set(test, (held.get(test) ?? 0) + performance.now() - since)
  let quit = false

  async function arm(failed: FailedAttempt): Promise<Armed> {
    const since = performance.now()
    try {
      const { port, token, engine } = await link.open()
      const request = { testName: failed.testName, testFile: failed.testFile, root, expected: expectedOf(failed.error) }
      return { attempt: await inspector({ port, token, adapter, scope, engine }, request), since }
    } catch (error) {
      return { why: `inspect could not start: ${(error as Error).message}`, since }
    }
  }

  /** The run ends: this failure says so once; failures that still come in before it ends just stand. */
  function quitNow(): 'quit' {
    quit = true
    return 'quit'
  }

  async function finish(test: object): Promise<void> {
    const inspected = armed.get(test)
    if (!inspected) return
    armed.delete(test)
    try {
      const outcome: InspectOutcome =
        'why' in inspected ? { stopped: false, why: inspected.why } : await inspected.attempt.finish()
      outcomes.set(test, outcome)
      // an attempt stopped at its throw ran for as long as the person looked at it
      if (outcome.stopped) hold(test, inspected.since)
      await followStoppedEdits(adapter, outcome.edited)
    } finally {
      statusLine?.release()
    }
  }

  async function pause(failure: FailedAttempt, notes: string[]): Promise<PauseAction> {
    const { channel } = await link.open()
    const { error, loading: _loading, ...shown } = failure
    link.failure = { error, testFile: failure.testFile }
    statusLine?.hold()
    try {
      const offers: Pick<PauseInfo, 'inspect' | 'restart'> = {
        inspect: failure.loading ? 'the test file did not load: no test ran' : (inspectUnavailable() ?? true),
      }
      if (restart !== undefined) offers.restart = restart
      return await channel.main.pause({ ...shown, pid: process.pid, ...offers, notes })
    } finally {
      statusLine?.release()
      link.failure = undefined
    }
  }

  return {
    async connect() {
      await link.open()
    },

    async beforeAttempt(test) {
      outcomes.delete(test)
      const failed = inspectNext.get(test)
      if (!failed) return false
      inspectNext.delete(test)
      // the runner's redraw would scribble over the stop prompt: muted until the attempt is over
      statusLine?.hold()
      beforeInspect?.()
      armed.set(test, await arm(failed))
      return true
    },

    afterAttempt: finish,

    async failed(test, failure, actions) {
      const decision = await decide(test, failure)
      await carryOut(decision, actions)
      return decision
    },

    async loadFailed(file, failure, actions) {
      const decision = await decide(file, { ...failure, loading: true })
      await carryOut(decision, { ...actions, rerun: actions.restartFile })
      return decision
    },

    heldMs: (test) => held.get(test) ?? 0,

    close: () => link.close(),
  }

  async function decide(test: object, failure: FailedAttempt): Promise<AttemptDecision> {
    // Vitest reports a failure before the attempt ends: the inspected attempt ends here then
    await finish(test)
    const outcome = outcomes.get(test)
    outcomes.delete(test)
    if (quit) return 'keep-failure'
    if (outcome?.stopped) {
      // the person already chose at the stop
      if (outcome.action === 'quit') return quitNow()
      if (outcome.action !== 'continue') return 'keep-failure'
      // the saves made while stopped are patched now, before the re-run
      await (await link.open()).channel.main.sync()
      return 'rerun'
    }
    const notes = outcome ? [outcome.why.startsWith('inspect') ? outcome.why : `inspect: ${outcome.why}`] : []
    const since = performance.now()
    const action = await pause(failure, notes)
    hold(test, since)
    if (action === 'quit') return quitNow()
    if (action === 'restart') return 'restart'
    if (action === 'inspect') inspectNext.set(test, failure)
    return action === 'continue' || action === 'inspect' ? 'rerun' : 'keep-failure'
  }
}

/** The one mapping of a decision to what the runner does. */
function carryOut(decision: AttemptDecision, actions: RunnerActions): void | Promise<void> {
  if (decision === 'rerun') return actions.rerun()
  if (decision === 'keep-failure') return actions.keepFailure()
  if (decision === 'quit') return actions.endRun()
  return actions.restartFile()
}

/** What the inspected attempt must throw again to be stopped at (the error may come from another realm). */
function expectedOf(error: unknown): { name: string; message: string; stack?: string } {
  const { name, message, stack } = (error ?? {}) as { name?: unknown; message?: unknown; stack?: unknown }
  return {
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : String(message ?? ''),
    stack: typeof stack === 'string' ? stack : undefined,
  }
}
