import pc from 'picocolors'
import { expect, test } from 'vitest'
import { createPatchNotices } from '../../../src/main/delivery/patch-notices.js'

// What a runner says about a file after its patch comes after the patch line, on its own time, and never about a
// version of the file that was saved again since.

function setup(answers: Map<string, Promise<string[]>>) {
  const printed: string[] = []
  const state = { asking: false, busy: false, gaveWay: 0 }
  const held: (() => Promise<void>)[] = []
  const notices = createPatchNotices({
    afterPatch: (file) => answers.get(file) ?? Promise.resolve([]),
    print: (lines) => printed.push(...(typeof lines === 'string' ? [lines] : lines)),
    context: { root: '/p', c: pc.createColors(false) },
    hold(work) {
      if (!state.asking) return false
      held.push(work)
      state.gaveWay++
      return true
    },
    busy: () => state.busy,
  })
  return { notices, printed, state, held }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

test('with no turn at the terminal, a notice is printed when it arrives', async () => {
  const { notices, printed } = setup(new Map([['/p/a.ts', Promise.resolve(['type error in a.ts:1:1'])]]))
  notices.patched(['/p/a.ts', '/p/b.ts'])
  await settle()
  expect(printed).toEqual(['type error in a.ts:1:1'])
})

test('an open question gives way, and its loop prints the notice before asking again', async () => {
  const { notices, printed, state, held } = setup(new Map([['/p/a.ts', Promise.resolve(['note'])]]))
  state.asking = true
  notices.patched(['/p/a.ts'])
  await settle()
  expect(state.gaveWay).toBe(1)
  expect(printed).toEqual([])
  for (const work of held.splice(0)) await work()
  expect(printed).toEqual(['note'])
  notices.flush()
  expect(printed).toEqual(['note'])
})

test('while a turn holds the terminal without a question, the notice waits for its flush', async () => {
  const { notices, printed, state } = setup(new Map([['/p/a.ts', Promise.resolve(['note'])]]))
  state.busy = true
  notices.patched(['/p/a.ts'])
  await settle()
  expect(state.gaveWay).toBe(0)
  expect(printed).toEqual([])
  notices.flush()
  expect(printed).toEqual(['note'])
})

test('an answer about a version saved again since is dropped; the newer one is printed', async () => {
  let answerOld: (lines: string[]) => void = () => {}
  const answers = new Map([['/p/a.ts', new Promise<string[]>((resolve) => (answerOld = resolve))]])
  const { notices, printed } = setup(answers)
  notices.patched(['/p/a.ts'])
  notices.saved(['/p/a.ts'])
  answers.set('/p/a.ts', Promise.resolve(['new errors']))
  notices.patched(['/p/a.ts'])
  answerOld(['old errors'])
  await settle()
  expect(printed).toEqual(['new errors'])
})

test('a check that fails says so instead of saying nothing', async () => {
  const { notices, printed } = setup(new Map([['/p/src/a.ts', Promise.reject(new Error('thread gone'))]]))
  notices.patched(['/p/src/a.ts'])
  await settle()
  expect(printed).toEqual(['could not check src/a.ts: thread gone'])
})

test('without a hook nothing is asked', async () => {
  const printed: string[] = []
  const notices = createPatchNotices({
    afterPatch: undefined,
    print: (lines) => printed.push(String(lines)),
    context: { root: '/p', c: pc.createColors(false) },
    hold: () => false,
    busy: () => false,
  })
  notices.patched(['/p/a.ts'])
  await settle()
  expect(printed).toEqual([])
})
