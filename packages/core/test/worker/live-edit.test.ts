import { describe, expect, test } from 'vitest'
import type { WrappedSource } from '../../src/worker/adapter.js'
import {
  type FunctionLocation,
  type LiveDebugger,
  type LiveEditRequest,
  liveEdit,
  type SetSourceResult,
} from '../../src/worker/live-edit.js'
import { analyzeModule } from '../../src/worker/source-shape.js'

// The one live-edit algorithm the engine and the inspect helper share, over a scripted Debugger: which script it
// edits, what it leaves alone, and the verification after V8 answers Ok.

const PREFIX = '(function (exports) {\n'
const SUFFIX = '\n})'
const OLD = 'function double(x) {\n  return x * 3\n}\nexports.double = double'
const BODY_EDIT = 'function double(x) {\n  return x * 2\n}\nexports.double = double'
const TOP_LEVEL_EDIT = 'const TWO = 2\nfunction double(x) {\n  return x * TWO\n}\nexports.double = double'

const unwrap = (source: string): WrappedSource | null =>
  source.startsWith(PREFIX) && source.endsWith(SUFFIX)
    ? { prefix: PREFIX, code: source.slice(PREFIX.length, -SUFFIX.length), suffix: SUFFIX }
    : null

/** A Debugger whose scripts hold `OLD` and whose setScriptSource answers from `answers`, in order. */
function scripted(answers: SetSourceResult[], sources: Record<string, string> = { '1': PREFIX + OLD + SUFFIX }) {
  const calls: string[] = []
  const dbg: LiveDebugger = {
    scriptSource: async (id) => sources[id] ?? '',
    async setScriptSource(id, source) {
      calls.push(`set ${id}`)
      expect(source.startsWith(PREFIX) && source.endsWith(SUFFIX)).toBe(true)
      return answers.shift() ?? { status: 'Ok' }
    },
    async collectGarbage() {
      calls.push('gc')
    },
  }
  return { dbg, calls }
}

const at = (scriptId: string): FunctionLocation => ({ scriptId, lineNumber: 1, columnNumber: 0 })

function request(code: string, locations: Record<string, FunctionLocation | undefined>, candidates = ['1']) {
  return {
    candidates,
    probes: Object.keys(locations).map((name) => ({ name, location: async () => locations[name] })),
    unwrap,
    code,
    shape: analyzeModule(code),
  } satisfies LiveEditRequest
}

describe('liveEdit', () => {
  test('a body edit is applied and verified: every probe now lives in the edited script', async () => {
    const { dbg, calls } = scripted([{ status: 'Ok' }])
    const result = await liveEdit(dbg, request(BODY_EDIT, { double: at('1') }))
    expect(result).toEqual({
      kind: 'applied',
      updated: ['double'],
      running: expect.objectContaining({ scriptId: '1' }),
    })
    expect(calls).toEqual(['set 1'])
  })

  test('the script is the one the probes live in, not the newest with the url', async () => {
    const sources = { '1': PREFIX + OLD + SUFFIX, '2': PREFIX + OLD + SUFFIX }
    const { dbg, calls } = scripted([{ status: 'Ok' }], sources)
    await liveEdit(dbg, request(BODY_EDIT, { double: at('1') }, ['1', '2']))
    expect(calls).toEqual(['set 1'])
  })

  test('without a probe in a candidate, the newest script with the url', async () => {
    const sources = { '1': PREFIX + OLD + SUFFIX, '2': PREFIX + OLD + SUFFIX }
    const { dbg, calls } = scripted([{ status: 'Ok' }, { status: 'Ok' }], sources)
    await liveEdit(dbg, request(BODY_EDIT, { double: at('9') }, ['1', '2']))
    expect(calls).toEqual(['set 2'])
  })

  test('no script, or one that is not the runner’s: not found', async () => {
    const { dbg } = scripted([], { '1': 'not wrapped' })
    const reason = 'the running script was not found'
    expect(await liveEdit(dbg, request(BODY_EDIT, {}, []))).toEqual({ kind: 'not-found', reason })
    expect(await liveEdit(dbg, request(BODY_EDIT, {}, ['1']))).toEqual({ kind: 'not-found', reason })
  })

  test('the same code as what runs: nothing is set', async () => {
    const { dbg, calls } = scripted([])
    expect(await liveEdit(dbg, request(OLD, { double: at('1') }))).toEqual({ kind: 'same' })
    expect(calls).toEqual([])
  })

  test('a structural edit is not attempted; the running script is handed back for the bridge', async () => {
    const { dbg, calls } = scripted([])
    const result = await liveEdit(dbg, request(TOP_LEVEL_EDIT, { double: at('1') }))
    expect(result).toMatchObject({ kind: 'structural', reason: 'top-level code changed', oldScriptId: '1' })
    expect(result).toMatchObject({ running: { scriptId: '1', live: { code: OLD } } })
    expect(calls).toEqual([])
  })

  test('BlockedByActiveGenerator: a full GC, then one retry', async () => {
    const { dbg, calls } = scripted([{ status: 'BlockedByActiveGenerator' }, { status: 'Ok' }])
    const result = await liveEdit(dbg, request(BODY_EDIT, { double: at('1') }))
    expect(result).toEqual({
      kind: 'applied',
      updated: ['double'],
      running: expect.objectContaining({ scriptId: '1' }),
    })
    expect(calls).toEqual(['set 1', 'gc', 'set 1'])
  })

  test('a blocked edit is refused with its status', async () => {
    const { dbg } = scripted([{ status: 'BlockedByActiveFunction' }])
    const result = await liveEdit(dbg, request(BODY_EDIT, { double: at('1') }))
    expect(result).toMatchObject({
      kind: 'refused',
      status: 'BlockedByActiveFunction',
      reason: 'live edit was refused (BlockedByActiveFunction)',
      oldScriptId: '1',
    })
  })

  test('a compile error names the line in the module code, not in the wrapped script', async () => {
    const details = { text: 'SyntaxError: Unexpected token', lineNumber: 2, columnNumber: 4 }
    const { dbg } = scripted([{ status: 'CompileError', exceptionDetails: details }])
    const result = await liveEdit(dbg, request(BODY_EDIT, { double: at('1') }))
    expect(result).toEqual({
      kind: 'compile-error',
      message: 'SyntaxError: Unexpected token (line 2 of the transformed code)',
    })
  })

  test('Ok but a probe left on the old copy: stale, and the bridge goes where the old functions are', async () => {
    const locations: Record<string, FunctionLocation | undefined> = { double: at('1'), half: at('1') }
    const { dbg } = scripted([{ status: 'Ok' }])
    const edit = request(BODY_EDIT, locations)
    const setScriptSource = dbg.setScriptSource
    dbg.setScriptSource = async (id, source) => {
      locations.half = at('7') // V8 moved the old half() to a script of its own
      return setScriptSource(id, source)
    }
    const result = await liveEdit(dbg, edit)
    expect(result).toMatchObject({ kind: 'stale', reason: 'live edit left half stale', oldScriptId: '7' })
  })

  test('a probe V8 gives no location for is not counted as verified', async () => {
    const { dbg } = scripted([{ status: 'Ok' }])
    const result = await liveEdit(dbg, request(BODY_EDIT, { double: at('1'), bound: undefined }))
    expect(result).toMatchObject({ kind: 'stale', reason: 'live edit left bound stale', oldScriptId: '1' })
  })
})
