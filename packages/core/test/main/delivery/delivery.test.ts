import pc from 'picocolors'
import { expect, test } from 'vitest'
import type { WorkerPeer } from '../../../src/main/channel/peer.js'
import { createDelivery, type Screen } from '../../../src/main/delivery/delivery.js'
import { StoppedTarget, WorkerTarget } from '../../../src/main/delivery/targets.js'
import type { PatchReport } from '../../../src/shared/report.js'
import { fileReport } from '../file-report.js'

// A save's way in: kept per connected peer, pushed to the one the terminal is with, patched once.

/** A test process that reports every saved file with `status` and remembers what each patch asked for. */
function fakePeer(status: 'patched' | 'deferred' = 'patched') {
  const asked: string[][] = []
  const onClose: (() => void)[] = []
  const peer = {
    closed: false,
    onClose: (listener: () => void) => void onClose.push(listener),
    rpc: {
      patch: async (changed: string[]): Promise<PatchReport> => {
        asked.push(changed)
        return { files: changed.map((file) => fileReport(file, status)), ms: 1 } as PatchReport
      },
    },
  } as unknown as WorkerPeer
  return { peer, asked }
}

/** A conversation's screen: held work is run when the test says the next question comes. */
function fakeScreen() {
  const held: (() => Promise<void>)[] = []
  let open = false
  const screen: Screen = {
    hold(work) {
      if (!open) return false
      held.push(work)
      return true
    },
  }
  return {
    screen,
    /** A conversation runs until `ask` is called. */
    async converse(untilAsked: () => Promise<void>) {
      open = true
      try {
        await untilAsked()
      } finally {
        open = false
      }
    },
    async nextQuestion() {
      for (const work of held.splice(0)) await work()
    },
  }
}

function setup() {
  const printed: string[] = []
  const screen = fakeScreen()
  const delivery = createDelivery({
    screen: screen.screen,
    busy: () => false,
    afterPatch: undefined,
    beforePatch: undefined,
    print: (lines) => printed.push(...(typeof lines === 'string' ? [lines] : lines)),
    context: { root: '/p', c: pc.createColors(false) },
  })
  /** A test process that connected now. */
  const connected = (status?: 'patched' | 'deferred') => {
    const made = fakePeer(status)
    delivery.connect(made.peer)
    return made
  }
  const save = (file: string) => delivery.saved({ changed: [file], deleted: [] })
  return { delivery, printed, screen, connected, save }
}

test('saves made before a pause are patched before its first question', async () => {
  const { delivery, printed, screen, connected, save } = setup()
  const worker = connected()
  save('/p/src/a.ts')
  let askedAfter: string[][] = []
  await delivery.during(new WorkerTarget(worker.peer), () =>
    screen.converse(async () => {
      askedAfter = [...worker.asked]
    }),
  )
  expect(askedAfter).toEqual([['/p/src/a.ts']])
  expect(printed).toEqual(['patched src/a.ts'])
})

test('a save while the terminal is with a target is pushed to it: patched before the next question', async () => {
  const { delivery, printed, screen, connected, save } = setup()
  const worker = connected()
  await delivery.during(new WorkerTarget(worker.peer), () =>
    screen.converse(async () => {
      save('/p/src/a.ts')
      expect(worker.asked).toEqual([])
      await screen.nextQuestion()
    }),
  )
  expect(worker.asked).toEqual([['/p/src/a.ts']])
  expect(printed).toEqual(['patched src/a.ts'])
})

test('a worker the terminal is not with keeps its saves, each file in its last state, until its own turn', async () => {
  const { delivery, screen, connected, save } = setup()
  const paused = connected()
  const running = connected()
  await delivery.during(new WorkerTarget(paused.peer), () =>
    screen.converse(async () => {
      save('/p/src/a.ts')
      save('/p/src/a.ts')
      await screen.nextQuestion()
    }),
  )
  expect(paused.asked).toEqual([['/p/src/a.ts']])
  expect(running.asked).toEqual([])
  await delivery.deliver(new WorkerTarget(running.peer))
  expect(running.asked).toEqual([['/p/src/a.ts']])
  await delivery.deliver(new WorkerTarget(running.peer))
  expect(running.asked).toHaveLength(1)
})

test("what a stopped test's helper patched is not patched again by its worker; what it deferred is", async () => {
  const { delivery, screen, connected, save } = setup()
  const worker = connected()
  const helper = connected()
  save('/p/src/a.ts')
  await delivery.during(new StoppedTarget(helper.peer, worker.peer), () => screen.converse(async () => {}))
  expect(helper.asked).toEqual([['/p/src/a.ts']])
  await delivery.deliver(new WorkerTarget(worker.peer))
  expect(worker.asked).toEqual([])

  const deferring = connected('deferred')
  save('/p/src/b.ts')
  await delivery.during(new StoppedTarget(deferring.peer, worker.peer), () => screen.converse(async () => {}))
  await delivery.deliver(new WorkerTarget(worker.peer))
  expect(worker.asked).toEqual([['/p/src/b.ts']])
})

test('a peer that disconnected is forgotten: a later save is kept for nobody', async () => {
  const { delivery } = setup()
  const worker = fakePeer()
  const closing: (() => void)[] = []
  const peer = { ...worker.peer, onClose: (listener: () => void) => void closing.push(listener) } as WorkerPeer
  delivery.connect(peer)
  for (const listener of closing) listener()
  delivery.saved({ changed: ['/p/src/a.ts'], deleted: [] })
  await delivery.deliver(new WorkerTarget(peer))
  expect(worker.asked).toEqual([])
})
