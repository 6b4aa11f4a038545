import pc from 'picocolors'
import { afterEach, expect, test, vi } from 'vitest'
import type { WorkerPeer } from '../../../src/main/channel/peer.js'
import { createPatcher } from '../../../src/main/delivery/patch.js'
import { createPendingSaves } from '../../../src/main/delivery/pending-saves.js'
import { WorkerTarget } from '../../../src/main/delivery/targets.js'
import { emptyReport, type PatchReport } from '../../../src/shared/report.js'

// A patch Ctrl-C could not stop (the test process was busy in a phase no signal breaks) is not said to be cancelled:
// the line says it may still apply, and if it does, its report follows.

afterEach(() => void vi.useRealTimers())

test('a patch that ends after its cancel was given up on: said as not cancelled, then its report follows', async () => {
  vi.useFakeTimers()
  let finish: (report: PatchReport) => void = () => {}
  const peer = {
    closed: false,
    rpc: { patch: () => new Promise<PatchReport>((resolve) => (finish = resolve)) },
  } as unknown as WorkerPeer
  const pending = createPendingSaves()
  pending.add(peer)
  pending.record({ changed: ['/p/src/big.ts'], deleted: [] })
  const printed: string[] = []
  const late: string[] = []
  const patched: string[][] = []
  let ctrlC = () => {}
  const patch = createPatcher({
    pending,
    beforePatch: undefined,
    print: (lines) => printed.push(...(typeof lines === 'string' ? [lines] : lines)),
    context: { root: '/p', c: pc.createColors(false) },
    watchCtrlC: (_signal, onCtrlC) => {
      ctrlC = onCtrlC
    },
    late: (lines) => late.push(...lines),
    onPatched: (files) => patched.push(files),
  })
  const running = patch(new WorkerTarget(peer, () => {}))
  await vi.advanceTimersByTimeAsync(3500) // "still patching …"
  ctrlC()
  await vi.advanceTimersByTimeAsync(3500) // the grace after Ctrl-C
  await running
  expect(printed.at(-1)).toMatch(/^patch of src\/big\.ts not cancelled: the test process is still busy in it/)
  expect(printed.join('\n')).not.toMatch(/old code keeps running$/)
  finish({ files: [{ ...emptyReport('/p/src/big.ts'), updated: ['big'] }], ms: 9000 } as PatchReport)
  await vi.advanceTimersByTimeAsync(0)
  expect(late.join('\n')).toMatch(/patched src\/big\.ts \(updated big\)/)
  expect(patched).toEqual([['/p/src/big.ts']])
})
