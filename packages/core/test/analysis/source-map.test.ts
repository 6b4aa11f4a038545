import { describe, expect, test } from 'vitest'
import { inlineSourceMap, originalPosition } from '../../src/analysis/source-map.js'

// Positions in the transformed code, back in the file on disk (an inspected frame, a statement a save ran again).
// Lines 1-based, columns 0-based.

// line 1 → original 1:0; line 2 unmapped; line 3: column 0 → original 3:0, column 2 → original 4:4 ('AAEA,EACI')
const map = { sources: ['cart.ts'], mappings: 'AAAA;;AAEA,EACI' }

describe('source map lookup', () => {
  test('the last segment at or before the column wins', () => {
    expect(originalPosition(map, 1, 5)).toEqual({ source: 'cart.ts', line: 1, column: 0 })
    expect(originalPosition(map, 3, 0)).toEqual({ source: 'cart.ts', line: 3, column: 0 })
    expect(originalPosition(map, 3, 1)).toEqual({ source: 'cart.ts', line: 3, column: 0 })
    expect(originalPosition(map, 3, 9)).toEqual({ source: 'cart.ts', line: 4, column: 4 })
  })

  test('a line without segments, or past the map, has no position', () => {
    expect(originalPosition(map, 2, 0)).toBeUndefined()
    expect(originalPosition(map, 8, 0)).toBeUndefined()
  })

  test('a map inlined at the end of the script is found; none is undefined', () => {
    const json = Buffer.from(JSON.stringify(map)).toString('base64')
    const script = `code()\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${json}\n}}`
    expect(inlineSourceMap(script)).toEqual(map)
    expect(inlineSourceMap('code()\n}}')).toBeUndefined()
  })
})
