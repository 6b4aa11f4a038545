import vm from 'node:vm'
import { describe, expect, test } from 'vitest'
import type { RunnerAdapter } from '../../src/engine/adapter.js'
import { createPatchEngine } from '../../src/engine/engine.js'
import type { PauseAction, PauseInfo, WorkerFunctions } from '../../src/shared/protocol.js'
import type { WorkerChannel } from '../../src/shared/rpc.js'
import {
  type AttemptControllerOptions,
  createAttemptController,
  type FailedAttempt,
  type RunnerActions,
} from '../../src/worker/attempt.js'
import type { InspectRequest } from '../../src/worker/inspect/inspector.js'
import type { InspectOutcome } from '../../src/worker/inspect/messages.js'

// The decision both runners take for a failed attempt, with main played by a script of answers: the pause header
// gets the runner's description, `c`/`i` re-run, `s` keeps the failure, `q` ends the run, `r` restarts the file, and
// `i` arms the inspector for the next attempt of that test only. Nothing connects before the first failure.

const cartTotal = { name: 'cart total' }
const other = { name: 'other' }

/** The runner's side of each decision: every action carried out, in order. */
const carried: string[] = []
const act: RunnerActions = {
  rerun: () => void carried.push('rerun'),
  keepFailure: () => void carried.push('keep-failure'),
  endRun: () => void carried.push('end-run'),
  restartFile: () => void carried.push('restart-file'),
}

function failure(attempt: number, message = 'expected 15 to be 25'): FailedAttempt {
  return {
    testName: 'cart total',
    testFile: '/project/test/cart.test.ts',
    attempt,
    errors: [`AssertionError: ${message}`],
    error: Object.assign(new Error(message), { name: 'AssertionError' }),
  }
}

/** A test process's controller whose main answers pauses from `answers` and whose inspector ends with `outcomes`. */
function scenario({
  answers = [],
  outcomes = [],
  armFails,
  ...rest
}: {
  answers?: PauseAction[]
  outcomes?: InspectOutcome[]
  armFails?: string
} & Partial<AttemptControllerOptions> = {}) {
  const log: string[] = []
  const pauses: PauseInfo[] = []
  const armed: InspectRequest[] = []
  let served: WorkerFunctions | undefined
  let whilePaused: ((functions: WorkerFunctions) => Promise<void>) | undefined
  const realm = vm.runInContext('globalThis', vm.createContext({})) as object
  const adapter: RunnerAdapter = {
    realm,
    modulesOf: () => [],
    transform: async () => '',
  }
  const channel = {
    main: {
      async pause(info: PauseInfo) {
        log.push('pause')
        pauses.push(info)
        await whilePaused?.(served!)
        return answers.shift() ?? 'skip'
      },
      async sync() {
        log.push('sync')
      },
    },
    onClose() {},
    close: () => log.push('close'),
  } as unknown as WorkerChannel
  const controller = createAttemptController({
    adapter,
    engine: createPatchEngine(adapter),
    root: '/project',
    scope: () => ({ double: (x: number) => x * 2 }),
    async connect(functions) {
      log.push('connect')
      served = functions
      return { channel, port: 1234, token: 'secret' }
    },
    statusLine: { hold: () => log.push('hold'), release: () => log.push('release') },
    async inspector(options, request) {
      log.push(`arm ${options.port}`)
      armed.push(request)
      if (armFails) throw new Error(armFails)
      return {
        async finish() {
          log.push('finish')
          return outcomes.shift() ?? { stopped: false, why: 'no outcome scripted' }
        },
      }
    },
    ...rest,
  })
  return {
    controller,
    log,
    pauses,
    armed,
    /** Runs while the next pause is open, with what main may call on the worker. */
    duringPause(run: (functions: WorkerFunctions) => Promise<void>) {
      whilePaused = run
    },
  }
}

describe('a failed attempt', () => {
  test('nothing connects before a failure; then one channel serves every pause', async () => {
    const { controller, log } = scenario({ answers: ['continue', 'skip'] })
    expect(await controller.beforeAttempt(cartTotal)).toBe(false)
    await controller.afterAttempt(cartTotal)
    expect(log).toEqual([])
    expect(await controller.failed(cartTotal, failure(1), act)).toBe('rerun')
    expect(await controller.failed(cartTotal, failure(2), act)).toBe('keep-failure')
    expect(log.filter((entry) => entry === 'connect')).toHaveLength(1)
    controller.close()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(log.at(-1)).toBe('close')
  })

  test("the pause shows the runner's description, this process and whether `i` can work", async () => {
    const { controller, pauses, log } = scenario({ answers: ['continue'] })
    await controller.failed(cartTotal, failure(2), act)
    expect(pauses).toEqual([
      {
        testName: 'cart total',
        testFile: '/project/test/cart.test.ts',
        attempt: 2,
        errors: ['AssertionError: expected 15 to be 25'],
        pid: process.pid,
        inspect: true,
        notes: [],
      },
    ])
    // the runner's status redraw is muted while the prompt owns the terminal
    expect(log).toEqual(['connect', 'hold', 'pause', 'release'])
  })

  test('while paused, a line typed at the prompt sees $error and the exports; afterwards $error is gone', async () => {
    const seen: string[] = []
    let served: WorkerFunctions | undefined
    const scripted = scenario({ answers: ['skip'] })
    scripted.duringPause(async (functions) => {
      served = functions
      seen.push((await functions.evaluate('[$error.name, $error.message, double(21)].join(" / ")')).text)
    })
    await scripted.controller.failed(cartTotal, failure(1), act)
    expect(seen).toHaveLength(1)
    expect(seen[0]).toContain("'AssertionError / expected 15 to be 25 / 42'")
    expect((await served!.evaluate('typeof $error')).text).toContain("'undefined'")
  })

  test('patches and lines typed run as the runner asks (Jest: as test code)', async () => {
    const wrapped: string[] = []
    const scripted = scenario({
      answers: ['skip'],
      asTestCode: async (run) => {
        wrapped.push('enter')
        try {
          return await run()
        } finally {
          wrapped.push('leave')
        }
      },
    })
    scripted.duringPause(async (functions) => {
      await functions.evaluate('1 + 1')
      await functions.patch([])
    })
    await scripted.controller.failed(cartTotal, failure(1), act)
    expect(wrapped).toEqual(['enter', 'leave', 'enter', 'leave'])
  })

  test('q: the run ends (the runner is told once); later failures keep their failure without asking again', async () => {
    const { controller, pauses } = scenario({ answers: ['quit', 'continue'] })
    expect(await controller.failed(cartTotal, failure(1), act)).toBe('quit')
    expect(await controller.failed(other, failure(1), act)).toBe('keep-failure')
    expect(pauses).toHaveLength(1)
  })

  test('r: the runner restarts the file; the pause offered it only where the runner can', async () => {
    const { controller, pauses } = scenario({ answers: ['restart', 'continue'], restart: true })
    expect(await controller.failed(cartTotal, failure(1), act)).toBe('restart')
    expect(pauses[0]?.restart).toBe(true)
    // the restarted file's failures pause again
    expect(await controller.failed(cartTotal, failure(1), act)).toBe('rerun')
    expect(pauses).toHaveLength(2)
    const unable = scenario({ answers: ['skip'], restart: 'this Vitest version hides its test runner' })
    await unable.controller.failed(cartTotal, failure(1), act)
    expect(unable.pauses[0]?.restart).toBe('this Vitest version hides its test runner')
    const silent = scenario({ answers: ['skip'] })
    await silent.controller.failed(cartTotal, failure(1), act)
    expect(silent.pauses[0]).not.toHaveProperty('restart')
  })
})

describe('i: the next attempt of that test runs with the inspector armed', () => {
  test('armed for that test only, once; the stop says continue → saves synced, then re-run without a pause', async () => {
    const { controller, log, armed, pauses } = scenario({
      answers: ['inspect'],
      outcomes: [{ stopped: true, action: 'continue' }],
    })
    expect(await controller.failed(cartTotal, failure(1), act)).toBe('rerun')
    expect(await controller.beforeAttempt(other)).toBe(false)
    log.length = 0
    expect(await controller.beforeAttempt(cartTotal)).toBe(true)
    expect(armed).toEqual([
      {
        testName: 'cart total',
        testFile: '/project/test/cart.test.ts',
        root: '/project',
        expected: { name: 'AssertionError', message: 'expected 15 to be 25', stack: expect.any(String) },
      },
    ])
    expect(await controller.failed(cartTotal, failure(2), act)).toBe('rerun')
    // muted from arming to the attempt's end (the stop prompt), the channel's address handed to the helper
    expect(log).toEqual(['hold', 'arm 1234', 'finish', 'release', 'sync'])
    expect(pauses).toHaveLength(1)
    // the attempt after that one is not inspected
    expect(await controller.beforeAttempt(cartTotal)).toBe(false)
  })

  test('the stop says skip or quit: the failure is kept, and after quit nothing asks again', async () => {
    const { controller, pauses } = scenario({
      answers: ['inspect'],
      outcomes: [{ stopped: true, action: 'quit' }],
    })
    await controller.failed(cartTotal, failure(1), act)
    await controller.beforeAttempt(cartTotal)
    expect(await controller.failed(cartTotal, failure(2), act)).toBe('quit')
    expect(await controller.failed(other, failure(1), act)).toBe('keep-failure')
    expect(pauses).toHaveLength(1)
  })

  test('an inspected attempt that passes ends at its end (Jest and Vitest report it there)', async () => {
    const { controller, log } = scenario({ answers: ['inspect'], outcomes: [{ stopped: false, why: 'passed' }] })
    await controller.failed(cartTotal, failure(1), act)
    await controller.beforeAttempt(cartTotal)
    await controller.afterAttempt(cartTotal)
    expect(log.slice(-2)).toEqual(['finish', 'release'])
  })

  test('the re-run did not stop: the next pause says why', async () => {
    const { controller, pauses } = scenario({
      answers: ['inspect', 'skip'],
      outcomes: [{ stopped: false, why: 'the re-run did not throw that error in your code' }],
    })
    await controller.failed(cartTotal, failure(1), act)
    await controller.beforeAttempt(cartTotal)
    await controller.afterAttempt(cartTotal) // Jest: the attempt ends before circus reports the failure
    expect(await controller.failed(cartTotal, failure(2, 'a different failure'), act)).toBe('keep-failure')
    expect(pauses[1]?.notes).toEqual(['inspect: the re-run did not throw that error in your code'])
    expect(pauses[1]?.errors).toEqual(['AssertionError: a different failure'])
  })

  test('the inspector could not start: the test still re-runs, and the pause says why', async () => {
    const { controller, pauses, log } = scenario({ answers: ['inspect', 'skip'], armFails: 'no helper' })
    await controller.failed(cartTotal, failure(1), act)
    expect(await controller.beforeAttempt(cartTotal)).toBe(true)
    await controller.failed(cartTotal, failure(2), act)
    expect(pauses[1]?.notes).toEqual(['inspect could not start: no helper'])
    expect(log.filter((entry) => entry === 'hold')).toHaveLength(log.filter((entry) => entry === 'release').length)
  })

  test('a helper that failed says so once, not as "inspect: inspect failed"', async () => {
    const { controller, pauses } = scenario({
      answers: ['inspect', 'skip'],
      outcomes: [{ stopped: false, why: 'inspect failed: the session closed' }],
    })
    await controller.failed(cartTotal, failure(1), act)
    await controller.beforeAttempt(cartTotal)
    await controller.failed(cartTotal, failure(2), act)
    expect(pauses[1]?.notes).toEqual(['inspect failed: the session closed'])
  })
})

describe('the time a test waited for the person', () => {
  const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

  test('pauses count toward heldMs, per test; running does not', async () => {
    const scripted = scenario({ answers: ['continue', 'continue'] })
    scripted.duringPause(() => wait(60))
    const { controller } = scripted
    expect(controller.heldMs(cartTotal)).toBe(0)
    await controller.failed(cartTotal, failure(1), act)
    await wait(40) // the re-run itself
    await controller.failed(cartTotal, failure(2), act)
    expect(controller.heldMs(cartTotal)).toBeGreaterThanOrEqual(115)
    expect(controller.heldMs(cartTotal)).toBeLessThan(155 + 100)
    expect(controller.heldMs(other)).toBe(0)
  })

  test('an attempt stopped by inspect counts whole; one that did not stop does not', async () => {
    const { controller } = scenario({
      answers: ['inspect', 'skip'],
      outcomes: [
        { stopped: true, action: 'continue' },
        { stopped: false, why: 'it passed' },
      ],
    })
    await controller.failed(cartTotal, failure(1), act)
    const before = controller.heldMs(cartTotal)
    await controller.beforeAttempt(cartTotal)
    await wait(50) // stopped at the throw, the person looking
    expect(await controller.failed(cartTotal, failure(2), act)).toBe('rerun')
    expect(controller.heldMs(cartTotal) - before).toBeGreaterThanOrEqual(45)
  })
})

describe('the runner carries out each decision', () => {
  test('each answer is carried out by the one runner action it names', async () => {
    carried.length = 0
    const { controller } = scenario({ answers: ['continue', 'skip', 'restart', 'quit'] })
    await controller.failed(cartTotal, failure(1), act)
    await controller.failed(cartTotal, failure(2), act)
    await controller.failed(other, failure(1), act)
    await controller.failed({ name: 'third' }, failure(1), act)
    expect(carried).toEqual(['rerun', 'keep-failure', 'restart-file', 'end-run'])
  })

  test('a test file that did not load runs again as a whole on c: there is no test to re-run in place', async () => {
    carried.length = 0
    const { controller, pauses } = scenario({ answers: ['continue', 'skip'] })
    const notLoaded = { ...failure(1), testName: 'cart.test.ts (loading it)' }
    await controller.loadFailed({}, notLoaded, act)
    await controller.loadFailed({}, notLoaded, act)
    expect(carried).toEqual(['restart-file', 'keep-failure'])
    expect(pauses[0]?.inspect).toBe('the test file did not load: no test ran')
  })
})
