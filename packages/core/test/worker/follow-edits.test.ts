import { describe, expect, test } from 'vitest'
import type { RunnerAdapter } from '../../src/engine/adapter.js'
import { followStoppedEdits } from '../../src/worker/inspect/follow-edits.js'

function adapterWith(fresh: Record<string, string>) {
  const applied: [string, string][] = []
  const adapter = {
    transform: async (file: string) => {
      if (!(file in fresh)) throw new Error('no transform')
      return fresh[file]!
    },
    applied: (file: string, code: string) => void applied.push([file, code]),
  } as unknown as RunnerAdapter
  return { adapter, applied }
}

describe('followStoppedEdits', () => {
  test('hands the runner its own fresh transform of each file the helper edited (trailing `//#` comments aside)', async () => {
    const fetched =
      'export const a = 1\n//# sourceMappingSource=vite-generated\n//# sourceMappingURL=data:x\n\n//# vitestCache=y'
    const { adapter, applied } = adapterWith({ '/p/a.ts': fetched, '/p/b.ts': 'b()' })
    await followStoppedEdits(adapter, [
      { file: '/p/a.ts', code: 'export const a = 1\n' },
      { file: '/p/b.ts', code: 'b()' },
    ])
    expect(applied).toEqual([
      ['/p/a.ts', fetched],
      ['/p/b.ts', 'b()'],
    ])
  })

  test('a file saved again since (its save is still pending) or without a transform now is left to the engine', async () => {
    const { adapter, applied } = adapterWith({ '/p/a.ts': 'export const a = 2' })
    await followStoppedEdits(adapter, [
      { file: '/p/a.ts', code: 'export const a = 1' },
      { file: '/p/gone.ts', code: 'x' },
    ])
    expect(applied).toEqual([])
  })
})
