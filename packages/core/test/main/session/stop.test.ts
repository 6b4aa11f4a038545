import { afterEach, describe, expect, test, vi } from 'vitest'
import { createSession, type Session } from '../../../src/main/session/session.js'
import type {
  EvalResult,
  FrameDetails,
  InspectFunctions,
  PauseInfo,
  StopInfo,
  WorkerFunctions,
} from '../../../src/shared/protocol.js'
import type { PatchReport } from '../../../src/shared/report.js'
import { createLocalChannel, type LocalChannel } from '../../harness/local-channel.js'
import { fileReport as report } from '../file-report.js'
import { createScriptedPrompt } from '../scripted-prompt.js'

// Inspect at the prompt: `i` at a pause, then the helper's stop — frame, up/down/where, evaluation in the frame,
// saves patched through the helper (and not patched again by the worker), c/s/q.

const root = '/project'
const cart = '/project/src/cart.ts'
const check = '/project/src/check.ts'
const testFile = '/project/test/cart.test.ts'

let session: Session
let local: LocalChannel
let prompt: ReturnType<typeof createScriptedPrompt>
let output: string

function setup(transform?: (file: string) => Promise<string>) {
  output = ''
  prompt = createScriptedPrompt()
  session = createSession({
    root,
    output: { write: (text: string) => (output += text) },
    prompt: prompt.ask,
    transform,
    color: false,
  })
  local = createLocalChannel(session.serve)
}

afterEach(async () => {
  await session?.close()
  await local?.close()
})

function fakeWorker(pid: number, { inspect }: Pick<PauseInfo, 'inspect'> = { inspect: true }) {
  const patched: string[][] = []
  const functions: WorkerFunctions = {
    async patch(files): Promise<PatchReport> {
      patched.push(files)
      return { ms: 1, files: files.map((file) => report(file, 'patched', { updated: ['f'] })) }
    },
    async evaluate(): Promise<EvalResult> {
      return { ok: true, text: 'worker scope' }
    },
  }
  const channel = local.connect(functions)
  const info: PauseInfo = {
    testName: 'cart total',
    testFile,
    attempt: 1,
    errors: ['AssertionError: 15 ≠ 25'],
    pid,
    inspect,
  }
  return { channel, patched, pause: () => channel.main.pause(info) }
}

const frames: FrameDetails[] = [
  {
    index: 0,
    functionName: 'expectTotal',
    file: testFile,
    line: 6,
    column: 18,
    source: [
      { line: 5, text: '  const result = total(input)' },
      { line: 6, text: '  expect(result).toBe(expected)' },
    ],
    locals: [
      { name: 'input', preview: '[ { price: 10, qty: 2 } ]' },
      { name: 'result', preview: '15' },
    ],
    enclosing: [],
  },
  {
    index: 1,
    functionName: '<anonymous>',
    file: testFile,
    line: 11,
    column: 3,
    source: [{ line: 11, text: '  expectTotal(items, 25)' }],
    locals: [{ name: 'cart', preview: "'pens'" }],
    enclosing: [],
  },
]

/** The inspect helper of worker `pid`: a second peer that serves the stopped frame. */
function fakeHelper(pid: number, overrides: Partial<InspectFunctions> = {}) {
  const evaluated: [number, string][] = []
  const patched: string[][] = []
  let selected = 0
  const functions: InspectFunctions = {
    async frame(index) {
      selected = index
      return frames[index]!
    },
    async evaluate(expression) {
      evaluated.push([selected, expression])
      return { ok: true, text: expression === 'result' ? '15' : `value of ${expression}` }
    },
    async patch(files) {
      patched.push(files)
      return {
        ms: 1,
        files: files.map((file) =>
          file === cart
            ? report(file, 'patched', { updated: ['total'] })
            : report(file, 'deferred', { error: 'a function of it is on the stopped stack' }),
        ),
      }
    },
    ...overrides,
  }
  const channel = local.connect(functions)
  const stop: StopInfo = {
    testName: 'cart total',
    testFile,
    pid,
    reason: 'exception',
    error: 'AssertionError: expected 15 to be 25',
    frames: frames.map(({ functionName, file, line, column }) => ({ functionName, file, line, column })),
    frame: frames[0]!,
  }
  return { channel, evaluated, patched, stopped: () => channel.main.stopped(stop) }
}

describe('inspect at the prompt', () => {
  test('i answers inspect when the worker can; otherwise it says why and asks again', async () => {
    setup()
    const paused = fakeWorker(11).pause()
    ;(await prompt.next()).answer('i')
    expect(await paused).toBe('inspect')
    expect(output).toContain('inspect: re-running the test, to stop at its throw')

    const threads = fakeWorker(22, { inspect: 'inspect needs the test to run on the main thread' }).pause()
    ;(await prompt.next()).answer('inspect')
    const again = await prompt.next()
    expect(output).toContain('inspect is not available here: inspect needs the test to run on the main thread')
    again.answer('c')
    expect(await threads).toBe('continue')
  })

  test('a runner without inspect says so', async () => {
    setup()
    const paused = fakeWorker(11, {}).pause()
    ;(await prompt.next()).answer('i')
    ;(await prompt.next()).answer('s')
    expect(await paused).toBe('skip')
    expect(output).toContain('inspect is not available here: this runner does not support it yet')
  })

  test('the stop shows the frame, source and locals; evaluates in the selected frame; up, down, where', async () => {
    setup()
    const helper = fakeHelper(11)
    const stopped = helper.stopped()
    await prompt.next().then((q) => q.answer('result'))
    expect(output).toContain('STOPPED  cart total at the throw · worker 11')
    expect(output).toContain('AssertionError: expected 15 to be 25')
    expect(output).toContain('expectTotal (test/cart.test.ts:6:18) frame 1 of 2')
    expect(output).toContain('> 6 |   expect(result).toBe(expected)')
    expect(output).toContain('    5 |   const result = total(input)')
    expect(output).toMatch(/input\s+= \[ \{ price: 10, qty: 2 \} \]/)
    expect(output).toMatch(/result\s+= 15/)

    await prompt.next().then((q) => q.answer('down'))
    await prompt.next().then((q) => q.answer('up'))
    await prompt.next().then((q) => q.answer('cart'))
    await prompt.next().then((q) => q.answer('where'))
    await prompt.next().then((q) => q.answer('up'))
    await prompt.next().then((q) => q.answer('c'))
    expect(await stopped).toBe('continue')

    expect(helper.evaluated).toEqual([
      [0, 'result'],
      [1, 'cart'],
    ])
    expect(output).toContain('this is where it threw (innermost frame)')
    expect(output).toContain('<anonymous> (test/cart.test.ts:11:3) frame 2 of 2')
    expect(output).toMatch(/cart\s+= 'pens'/)
    expect(output).toContain('    #1 expectTotal (test/cart.test.ts:6:18)\n  > #2 <anonymous> (test/cart.test.ts:11:3)')
    expect(output).toContain('outermost frame of your code')
  })

  test('saves while stopped go to the helper; what it patched is not patched again when the worker syncs', async () => {
    setup()
    const worker = fakeWorker(11)
    const paused = worker.pause()
    ;(await prompt.next()).answer('i')
    expect(await paused).toBe('inspect')

    const helper = fakeHelper(11)
    const stopped = helper.stopped()
    const first = await prompt.next()
    session.filesChanged({ changed: [cart, check], deleted: [] })
    const second = await prompt.next()
    expect(helper.patched).toEqual([[cart, check]])
    expect(output).toContain('patched src/cart.ts (updated total)')
    expect(output).toContain('later src/check.ts: a function of it is on the stopped stack — patched when you continue')
    expect(first.options.signal?.aborted).toBe(true)
    second.answer('c')
    expect(await stopped).toBe('continue')

    // the failed attempt's sync: only what could not be patched while stopped
    await worker.channel.main.sync()
    expect(worker.patched).toEqual([[check]])
  })

  test('h lists the stop commands; the short forms l, w, u, d work as list, where, up, down', async () => {
    setup()
    const helper = fakeHelper(11)
    const stopped = helper.stopped()
    const first = await prompt.next()
    expect(first.text).toBe('c continue · up · down · where · q quit · h help · or evaluate in this frame')
    first.answer('h')
    await prompt.next().then((q) => q.answer('u'))
    await prompt.next().then((q) => q.answer('w'))
    await prompt.next().then((q) => q.answer('d'))
    await prompt.next().then((q) => q.answer('l'))
    const shown = output
    await prompt.next().then((q) => q.answer('c'))
    expect(await stopped).toBe('continue')

    expect(shown).toContain(
      '  c, continue   let the attempt fail as it would have, then re-run the test with your saves',
    )
    expect(shown).toContain('  w, where      list the frames')
    expect(shown).toContain('  h, help       this list')
    expect(shown).toContain(
      "  <expression>   evaluate in the selected frame: its locals and closures, your modules' exports, $error",
    )
    expect(shown).toContain('  > #2 <anonymous> (test/cart.test.ts:11:3)') // u went up, w listed it
    expect(shown.match(/expectTotal \(test\/cart\.test\.ts:6:18\) frame 1 of 2/g)).toHaveLength(3) // header, d, l
    expect(helper.evaluated).toEqual([])
  })

  test('a helper patch that fails says the saves wait for the test to run on, and the worker still gets them', async () => {
    setup()
    const worker = fakeWorker(11)
    const paused = worker.pause()
    ;(await prompt.next()).answer('i')
    expect(await paused).toBe('inspect')

    const helper = fakeHelper(11, {
      patch: async () => {
        throw new Error('no transform')
      },
    })
    const stopped = helper.stopped()
    await prompt.next()
    session.filesChanged({ changed: [cart], deleted: [] })
    ;(await prompt.next()).answer('c')
    expect(await stopped).toBe('continue')
    expect(output).toContain('error patching src/cart.ts: no transform — patched when the test runs on')

    await worker.channel.main.sync()
    expect(worker.patched).toEqual([[cart]])
  })

  test('q at the stop quits the loop; s skips', async () => {
    setup()
    const skipped = fakeHelper(11).stopped()
    ;(await prompt.next()).answer('s')
    expect(await skipped).toBe('skip')
    const quit = fakeHelper(11).stopped()
    ;(await prompt.next()).answer('q')
    expect(await quit).toBe('quit')
    expect(session.quitting).toBe(true)
  })

  test('transform is served to the helper when the runner offers one', async () => {
    setup(async (file) => `code of ${file}`)
    const helper = fakeHelper(11)
    await expect(helper.channel.main.transform(cart)).resolves.toBe(`code of ${cart}`)
    setup()
    const other = fakeHelper(11)
    await expect(other.channel.main.transform(cart)).rejects.toThrow('this runner offers no transform')
    await vi.waitFor(() => expect(local.peers.size).toBe(1))
  })
})
