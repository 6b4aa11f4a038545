import { describe, expect, test } from 'vitest'
import { inlineSourceMap, originalPosition } from '../../src/worker/inspect/source-map.js'

// The inspected frame's line in the file on disk: positions in the transformed code, mapped back.

// line 0 → original 0:0; line 1 unmapped; line 2: column 0 → original 2:0, column 2 → original 3:4 ('AAEA,EACI')
const map = { sources: ['cart.ts'], mappings: 'AAAA;;AAEA,EACI' }

describe('source map lookup', () => {
  test('the last segment at or before the column wins', () => {
    expect(originalPosition(map, 0, 5)).toEqual({ source: 'cart.ts', line: 0, column: 0 })
    expect(originalPosition(map, 2, 0)).toEqual({ source: 'cart.ts', line: 2, column: 0 })
    expect(originalPosition(map, 2, 1)).toEqual({ source: 'cart.ts', line: 2, column: 0 })
    expect(originalPosition(map, 2, 9)).toEqual({ source: 'cart.ts', line: 3, column: 4 })
  })

  test('a line without segments, or past the map, has no position', () => {
    expect(originalPosition(map, 1, 0)).toBeUndefined()
    expect(originalPosition(map, 7, 0)).toBeUndefined()
  })

  test('a map inlined at the end of the script is found; none is undefined', () => {
    const json = Buffer.from(JSON.stringify(map)).toString('base64')
    const script = `code()\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${json}\n}}`
    expect(inlineSourceMap(script)).toEqual(map)
    expect(inlineSourceMap('code()\n}}')).toBeUndefined()
  })
})
