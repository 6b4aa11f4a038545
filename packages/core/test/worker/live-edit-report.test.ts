import { describe, expect, test } from 'vitest'
import { emptyReport } from '../../src/shared/report.js'
import { reportLiveEdit } from '../../src/worker/live-edit-report.js'

// What a live edit's report names: the functions whose code the save changed, nothing the runner added.

const named = (before: string, after: string) => {
  const report = { ...emptyReport('/p/price.ts'), strategy: 'live-edit' as const }
  reportLiveEdit(report, before, after)
  return report.updated
}

describe('reportLiveEdit', () => {
  test('names the changed function only', () => {
    const before = 'function a() { return 1 }\nfunction b() { return 2 }'
    expect(named(before, before.replace('return 1', 'return 3'))).toEqual(['a'])
  })

  test("coverage's per-file counter function (istanbul) changes with every save and is never named", () => {
    const before = [
      'function cov_2x8k1() { var hash = "aaa"; return {} }',
      'function formatPrice(c) { cov_2x8k1(); return c / 10 }',
    ].join('\n')
    const after = before.replace('"aaa"', '"bbb"').replace('c / 10', 'c / 100')
    expect(named(before, after)).toEqual(['formatPrice'])
  })

  test('comments that move lines change no code: nothing is named', () => {
    const before = 'function double(n) {\n  return n * 2\n}'
    expect(named(before, before.replace('{\n', '{\n  // a\n  // b\n'))).toEqual([])
  })
})
