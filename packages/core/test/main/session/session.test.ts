import { afterEach, describe, expect, test, vi } from 'vitest'
import { createSession, type Session, type SessionOptions } from '../../../src/main/session/session.js'
import type { EvalResult, PauseInfo, WorkerFunctions } from '../../../src/shared/protocol.js'
import type { PatchReport } from '../../../src/shared/report.js'
import type { WorkerChannel } from '../../../src/shared/rpc.js'
import { createLocalChannel, type LocalChannel } from '../../harness/local-channel.js'
import { fileReport } from '../file-report.js'
import { createScriptedPrompt } from '../scripted-prompt.js'

const root = '/project'
const math = '/project/src/math.ts'
const util = '/project/src/util.ts'

let session: Session
let local: LocalChannel
let prompt: ReturnType<typeof createScriptedPrompt>
let output: string
let beforePatch: ReturnType<typeof vi.fn<(files: string[]) => void>>

function setup(options: Pick<SessionOptions, 'onQuit' | 'afterPatch' | 'slowPatchMs'> = {}) {
  output = ''
  prompt = createScriptedPrompt()
  beforePatch = vi.fn<(files: string[]) => void>()
  session = createSession({
    root,
    output: { write: (text: string) => (output += text) },
    prompt: prompt.ask,
    beforePatch,
    color: false,
    ...options,
  })
  local = createLocalChannel(session.serve)
}

afterEach(async () => {
  await session?.close()
  await local?.close()
})

/** A test process on the local channel that records what main asked of it. */
function fakeWorker(pid: number, overrides: Partial<WorkerFunctions> = {}, offers: Pick<PauseInfo, 'restart'> = {}) {
  const patched: string[][] = []
  const deletions: string[][] = []
  const evaluated: string[] = []
  const functions: WorkerFunctions = {
    async patch(files, deleted = []): Promise<PatchReport> {
      patched.push([...files, ...deleted])
      deletions.push(deleted)
      return {
        ms: 1,
        files: files.map((file) => fileReport(file, 'patched', { updated: ['double'] })),
      }
    },
    async evaluate(expression): Promise<EvalResult> {
      evaluated.push(expression)
      return { ok: true, text: `'value of ${expression}'` }
    },
    ...overrides,
  }
  const channel: WorkerChannel = local.connect(functions)
  const info = (attempt = 1): PauseInfo => ({
    testName: `suite › test of ${pid}`,
    testFile: `/project/test/w${pid}.test.ts`,
    attempt,
    errors: [`AssertionError: failure in ${pid}`],
    pid,
    ...offers,
  })
  return { channel, patched, deletions, evaluated, pause: (attempt?: number) => channel.main.pause(info(attempt)) }
}

describe('session', () => {
  test('prints the header, then asks; c continues', async () => {
    setup()
    const worker = fakeWorker(11)
    const action = worker.pause()
    const question = await prompt.next()
    expect(output).toContain('PAUSED  suite › test of 11')
    expect(output).toContain('test/w11.test.ts · attempt 1 · worker 11')
    expect(output).toContain('AssertionError: failure in 11')
    question.answer('c')
    expect(await action).toBe('continue')
  })

  test.each([
    ['continue', 'continue'],
    ['s', 'skip'],
    ['skip', 'skip'],
  ])('"%s" → %s', async (answer, expected) => {
    setup()
    const action = fakeWorker(11).pause()
    ;(await prompt.next()).answer(answer)
    expect(await action).toBe(expected)
  })

  test('two paused workers are asked one after the other, first come first served', async () => {
    setup()
    const a = fakeWorker(11)
    const b = fakeWorker(22)
    const first = a.pause()
    const second = b.pause()
    const q1 = await prompt.next()
    await vi.waitFor(() => expect(local.peers.size).toBe(2))
    expect(prompt.open).toBe(1)
    expect(output).toContain('worker 11')
    expect(output).not.toContain('worker 22')

    q1.answer('s')
    expect(await first).toBe('skip')
    const q2 = await prompt.next()
    expect(output).toContain('worker 22')
    q2.answer('c')
    expect(await second).toBe('continue')
  })

  test('files saved while nobody is paused are patched into each worker at its own next pause', async () => {
    setup()
    const a = fakeWorker(11)
    const b = fakeWorker(22)
    await vi.waitFor(() => expect(local.peers.size).toBe(2))
    session.filesChanged({ changed: [math], deleted: [util] })

    const pausedA = a.pause()
    const qa = await prompt.next()
    expect(a.patched).toEqual([[math, util]]) // before the prompt: the person sees current code running
    expect(a.deletions).toEqual([[util]]) // the watcher's word: nobody looks at the disk again
    expect(beforePatch).toHaveBeenCalledWith([math, util])
    expect(b.patched).toEqual([]) // not paused: not touched
    expect(output).toContain('patched src/math.ts (updated double)')
    qa.answer('c')
    await pausedA

    const pausedB = b.pause()
    ;(await prompt.next()).answer('c')
    await pausedB
    expect(b.patched).toEqual([[math, util]])

    // nothing new since a's last sync: its next pause patches nothing
    const againA = a.pause(2)
    const qa2 = await prompt.next()
    expect(output).toContain('attempt 2')
    expect(a.patched).toEqual([[math, util]])
    qa2.answer('c')
    await againA
  })

  test('a save while paused is patched right away into the paused worker only; the prompt comes back', async () => {
    setup()
    const a = fakeWorker(11)
    const b = fakeWorker(22)
    const paused = a.pause()
    const q1 = await prompt.next()
    session.filesChanged({ changed: [math], deleted: [] })
    expect(q1.options.signal?.aborted).toBe(true) // the open prompt gives way…

    const q2 = await prompt.next() // …and is asked again once the patch is reported
    expect(beforePatch).toHaveBeenCalledWith([math])
    expect(a.patched).toEqual([[math]])
    expect(b.patched).toEqual([])
    expect(output).toContain('patched src/math.ts (updated double)')
    q2.answer('c')
    await paused

    const pausedB = b.pause()
    ;(await prompt.next()).answer('c')
    await pausedB
    expect(b.patched).toEqual([[math]])
  })

  test("a runner's notice after a patch comes below the patch line; the open prompt gives way and comes back", async () => {
    let answer: (lines: string[]) => void = () => {}
    const afterPatch = vi.fn(() => new Promise<string[]>((resolve) => (answer = resolve)))
    setup({ afterPatch })
    const a = fakeWorker(11)
    const paused = a.pause()
    await prompt.next()
    session.filesChanged({ changed: [math], deleted: [] })
    const q2 = await prompt.next() // the patch line is printed before the notice is known
    expect(afterPatch).toHaveBeenCalledWith(math)
    expect(output).toContain('patched src/math.ts (updated double)')
    expect(output).not.toContain('type error')

    answer(['type error in src/math.ts:3:7 TS2322 …'])
    const q3 = await prompt.next()
    expect(q2.options.signal?.aborted).toBe(true)
    expect(output.indexOf('type error in src/math.ts:3:7')).toBeGreaterThan(output.indexOf('patched src/math.ts'))
    q3.answer('c')
    await paused
  })

  test('a patch that fails is reported and the pause goes on', async () => {
    setup()
    const a = fakeWorker(11, {
      patch: async () => {
        throw new Error('inspector not available')
      },
    })
    await vi.waitFor(() => expect(local.peers.size).toBe(1))
    session.filesChanged({ changed: [math], deleted: [] })
    const paused = a.pause()
    const question = await prompt.next()
    expect(output).toContain('error patching src/math.ts: inspector not available — old code keeps running')
    question.answer('c')
    expect(await paused).toBe('continue')
  })

  test.each([
    [{ file: math, phase: 'transform' as const }, 'the runner is still transforming src/math.ts'],
    [{ file: math, phase: 'analyse' as const }, 'still reading src/math.ts (a large module)'],
    [{ file: math, phase: 'rerun' as const, line: 12 }, 'its top level has not finished (src/math.ts, line 12)'],
  ])('a slow patch is named by what is slow, as the test process said: %o', async (step, said) => {
    setup({ slowPatchMs: 30 })
    let release = () => {}
    const a = fakeWorker(13, {
      async patch(files) {
        await a.channel.main.progress(step)
        await new Promise<void>((resolve) => (release = resolve))
        return { ms: 1, files: files.map((file) => fileReport(file, 'patched', { updated: ['double'] })) }
      },
    })
    await vi.waitFor(() => expect(local.peers.size).toBe(1))
    session.filesChanged({ changed: [math], deleted: [] })
    const paused = a.pause()
    await vi.waitFor(() => expect(output).toContain('still patching src/math.ts after 0.03 s'))
    expect(output).toContain(`still patching src/math.ts after 0.03 s: ${said} — Ctrl-C cancels this patch`)
    release()
    const question = await prompt.next()
    question.answer('c')
    expect(await paused).toBe('continue')
  })

  test('anything else is evaluated in the paused worker and the result printed', async () => {
    setup()
    const a = fakeWorker(11)
    const paused = a.pause()
    ;(await prompt.next()).answer('$error.message')
    const again = await prompt.next()
    expect(a.evaluated).toEqual(['$error.message'])
    expect(output).toContain("  'value of $error.message'")
    again.answer('c')
    expect(await paused).toBe('continue')
  })

  test('an unfinished statement continues on the next line (...) and is evaluated whole; a command word there is code', async () => {
    setup()
    const a = fakeWorker(11)
    const paused = a.pause()
    ;(await prompt.next()).answer('function t(x) {')
    const continued = await prompt.next()
    expect(continued.text).toBe('...')
    continued.answer('const c = x')
    ;(await prompt.next()).answer('return c * 2 }')
    const back = await prompt.next()
    expect(back.text).toBe('c continue · s skip · q quit · r restart · h help · or evaluate')
    expect(a.evaluated).toEqual(['function t(x) {\nconst c = x\nreturn c * 2 }'])
    back.answer('[1,')
    const dropped = await prompt.next()
    expect(dropped.text).toBe('...')
    dropped.interrupt() // Ctrl-C on a continuation line drops it; the run goes on
    const last = await prompt.next()
    expect(last.text).toBe('c continue · s skip · q quit · r restart · h help · or evaluate')
    expect(output).toContain('(unfinished input dropped)')
    expect(a.evaluated).toHaveLength(1)
    last.answer('c')
    expect(await paused).toBe('continue')
  })

  test('Tab completes as far as the names agree, then lists them; the commands complete a word alone on the line', async () => {
    setup()
    const names = ['double', 'doubleAll', 'divide']
    const a = fakeWorker(11, {
      complete: async (line) => {
        const partial = /[\w$]*$/.exec(line)?.[0] ?? ''
        return { partial, names: names.filter((n) => n.startsWith(partial)) }
      },
    })
    const paused = a.pause()
    ;(await prompt.next()).complete('x = dou')
    const extended = await prompt.next()
    expect(extended.options.typed).toBe('x = double')
    extended.complete('x = double')
    const listed = await prompt.next()
    expect(listed.options.typed).toBe('x = double')
    expect(output).toContain('double  doubleAll')
    listed.complete('con')
    const command = await prompt.next()
    expect(command.options.typed).toBe('continue')
    command.answer('continue')
    expect(await paused).toBe('continue')
    expect(a.evaluated).toEqual([])
  })

  test('a failed evaluation is printed, not thrown', async () => {
    setup()
    const a = fakeWorker(11, { evaluate: async () => ({ ok: false, text: 'ReferenceError: nope is not defined' }) })
    const paused = a.pause()
    ;(await prompt.next()).answer('nope')
    const again = await prompt.next()
    expect(output).toContain('ReferenceError: nope is not defined')
    again.answer('s')
    expect(await paused).toBe('skip')
  })

  test('h lists the commands; an empty line just asks again', async () => {
    setup()
    const a = fakeWorker(11)
    const paused = a.pause()
    ;(await prompt.next()).answer('h')
    const afterHelp = await prompt.next()
    expect(afterHelp.text).toBe('c continue · s skip · q quit · r restart · h help · or evaluate')
    expect(output).toMatch(/c, continue/)
    expect(output).toMatch(/s, skip/)
    expect(output).toMatch(/q, quit/)
    afterHelp.answer('')
    const afterEmpty = await prompt.next()
    expect(a.evaluated).toEqual([])
    afterEmpty.answer('c')
    expect(await paused).toBe('continue')
  })

  test('q quits: queued and later pauses from any worker are skipped without asking', async () => {
    setup()
    const a = fakeWorker(11)
    const b = fakeWorker(22)
    const first = a.pause()
    const queued = b.pause()
    ;(await prompt.next()).answer('q')
    expect(await first).toBe('quit')
    expect(await queued).toBe('skip')
    expect(await a.pause(2)).toBe('skip')
    expect(await b.pause(2)).toBe('skip')
    expect(prompt.open).toBe(0)
    expect(session.quitting).toBe(true)
    expect(output).not.toContain('worker 22')
  })

  test('q says the run ends now, and the runner is told', async () => {
    let told = 0
    setup({ onQuit: () => told++ })
    const paused = fakeWorker(11).pause()
    ;(await prompt.next()).answer('q')
    expect(await paused).toBe('quit')
    expect(output).toContain('quit: the run ends now; the summary shows what ran')
    expect(told).toBe(1)
  })

  test('r answers restart when the runner can, and says what happens to this run', async () => {
    setup()
    const paused = fakeWorker(11, {}, { restart: true }).pause()
    ;(await prompt.next()).answer('r')
    expect(await paused).toBe('restart')
    expect(output).toContain(
      'restart: the rest of this file is skipped, then the file runs again from the code on disk; the summary counts the new run',
    )
  })

  test('r where the runner cannot restart: one line why, and the question again', async () => {
    setup()
    const paused = fakeWorker(11, {}, { restart: 'this Vitest version hides its test runner' }).pause()
    ;(await prompt.next()).answer('restart')
    const again = await prompt.next()
    expect(output).toContain('restart is not available here: this Vitest version hides its test runner')
    again.answer('c')
    expect(await paused).toBe('continue')
    // a runner that offers nothing says so too
    const other = fakeWorker(22).pause()
    ;(await prompt.next()).answer('r')
    const asked = await prompt.next()
    expect(output).toContain('restart is not available here: this runner does not support it yet')
    asked.answer('s')
    expect(await other).toBe('skip')
  })

  test('Ctrl-C at the prompt is a quit', async () => {
    setup()
    const a = fakeWorker(11)
    const paused = a.pause()
    ;(await prompt.next()).interrupt()
    expect(await paused).toBe('quit')
    expect(await a.pause(2)).toBe('skip')
  })

  test('a worker that exits while paused: said so, and the next worker is asked', async () => {
    setup()
    const a = fakeWorker(11)
    const b = fakeWorker(22)
    void a.pause().catch(() => {}) // rejected when its channel closes: the worker is gone anyway
    const qa = await prompt.next()
    const pausedB = b.pause()
    a.channel.close() // the test process crashed

    expect(qa.options.signal?.aborted).toBe(true)
    const qb = await prompt.next()
    expect(output).toContain('worker 11 exited while paused (suite › test of 11)')
    expect(output).toContain('worker 22')
    qb.answer('c')
    expect(await pausedB).toBe('continue')
  })

  test('a queued worker that exits before its turn is reported and skipped', async () => {
    setup()
    const a = fakeWorker(11)
    const b = fakeWorker(22)
    const pausedA = a.pause()
    const qa = await prompt.next()
    void b.pause().catch(() => {})
    await vi.waitFor(() => expect(local.peers.size).toBe(2))
    b.channel.close()
    qa.answer('c')
    await pausedA
    await vi.waitFor(() => expect(output).toContain('worker 22 exited before its pause was shown'))
    expect(prompt.open).toBe(0)
  })

  test('close ends the open and the queued pauses with skip', async () => {
    setup()
    const a = fakeWorker(11)
    const b = fakeWorker(22)
    const first = a.pause()
    const queued = b.pause()
    await prompt.next()
    await session.close()
    expect(await first).toBe('skip')
    expect(await queued).toBe('skip')
    expect(await a.pause(2)).toBe('skip')
  })

  test('a prompt that cannot work turns the loop off instead of failing every pause', async () => {
    output = ''
    session = createSession({
      root,
      output: { write: (text: string) => (output += text) },
      prompt: async () => {
        throw new Error('Invalid stream passed')
      },
      color: false,
    })
    local = createLocalChannel(session.serve)
    const a = fakeWorker(11)
    expect(await a.pause()).toBe('skip')
    expect(output).toContain('prompt failed: Invalid stream passed — reload loop off')
    expect(await a.pause(2)).toBe('skip')
    expect(session.quitting).toBe(true)
  })
})
