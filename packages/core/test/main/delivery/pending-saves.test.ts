import { expect, test } from 'vitest'
import type { WorkerPeer } from '../../../src/main/channel/peer.js'
import { createPendingSaves } from '../../../src/main/delivery/pending-saves.js'
import { fileReport as report } from '../file-report.js'

const peer = (id: number) => ({ id }) as WorkerPeer

test('each peer keeps every file saved since it last took them, in its last state', () => {
  const pending = createPendingSaves()
  const a = peer(1)
  const b = peer(2)
  pending.add(a)
  pending.record({ changed: ['/p/x.ts', '/p/y.ts'], deleted: [] })
  pending.add(b) // connected later: only later saves
  pending.record({ changed: ['/p/z.ts'], deleted: ['/p/y.ts'] })

  expect(pending.has(a)).toBe(true)
  expect(pending.take(a)).toEqual({
    files: ['/p/x.ts', '/p/y.ts', '/p/z.ts'],
    changed: ['/p/x.ts', '/p/z.ts'],
    deleted: ['/p/y.ts'],
  })
  expect(pending.has(a)).toBe(false)
  expect(pending.take(a)).toBeUndefined()
  expect(pending.take(b)).toEqual({ files: ['/p/z.ts', '/p/y.ts'], changed: ['/p/z.ts'], deleted: ['/p/y.ts'] })

  pending.remove(a)
  pending.record({ changed: ['/p/x.ts'], deleted: [] })
  expect(pending.has(a)).toBe(false)
  expect(pending.has(b)).toBe(true)
})

test('settle drops what a report settled and keeps what was deferred or failed', () => {
  const pending = createPendingSaves()
  const worker = peer(1)
  pending.add(worker)
  const files = ['/p/a.ts', '/p/b.ts', '/p/c.ts', '/p/d.ts', '/p/e.ts']
  pending.record({ changed: files, deleted: [] })
  pending.settle(worker, {
    ms: 1,
    files: [
      report('/p/a.ts', 'patched'),
      report('/p/b.ts', 'unchanged'),
      report('/p/c.ts', 'not-loaded'),
      report('/p/d.ts', 'deferred'),
      report('/p/e.ts', 'error'),
    ],
  })
  expect(pending.take(worker)?.files).toEqual(['/p/d.ts', '/p/e.ts'])
  // a helper whose test never paused here first has no worker to settle: nothing to drop, nothing thrown
  expect(() => pending.settle(peer(9), { ms: 1, files: [report('/p/a.ts', 'patched')] })).not.toThrow()
})
