import { describe, expect, test } from 'vitest'
import { followSourceMap } from '../../src/worker/vitest-internals.js'

describe('followSourceMap: the map Vite maps stacks with follows the code that runs', () => {
  const node = () => ({ id: '/p/src/math.ts', url: '/src/math.ts', file: '/p/src/math.ts' })

  test('the fresh fetch result replaces the old one, and the map cached from it goes', () => {
    const module = { ...node(), meta: { code: 'old', sourceMap: '{"old":1}' }, map: { decoded: 'old' } }
    followSourceMap(module, 'new', { code: 'new', sourceMap: '{"new":1}' })
    expect(module.meta).toEqual({ code: 'new', sourceMap: '{"new":1}' })
    expect(module.map).toBeUndefined()
  })

  test('without a fetch of that code: the code itself (its inline map, if any), never the old map', () => {
    const module = { ...node(), meta: { code: 'old', sourceMap: '{"old":1}', id: 'x' }, map: { decoded: 'old' } }
    followSourceMap(module, 'stopped edit', undefined)
    expect(module.meta).toEqual({ code: 'stopped edit', id: 'x' })
    expect(module.map).toBeUndefined()
  })
})
