import pc from 'picocolors'
import { describe, expect, test } from 'vitest'
import {
  formatEvalResult,
  formatFileReport,
  formatPatchReport,
  formatPauseHeader,
  formatPhaseTimes,
  relativePath,
} from '../../../src/main/print/format.js'
import type { FileReport } from '../../../src/shared/report.js'
import { fileReport } from '../file-report.js'

const context = { root: '/project', c: pc.createColors(false) }
const file = '/project/src/math.ts'

function report(overrides: Partial<FileReport>): FileReport {
  return fileReport(file, 'patched', { ms: 3, ...overrides })
}

describe('formatFileReport', () => {
  test('names what now runs new code', () => {
    expect(formatFileReport(report({ updated: ['double'] }), context)).toBe('patched src/math.ts (updated double)')
  })

  test('says what was updated, which statements ran again and what still runs old code', () => {
    const line = formatFileReport(
      report({
        updated: ['double', 'RATE'],
        reran: ['line 12'],
        stale: [{ name: 'Box', reason: 'its constructor changed' }],
      }),
      context,
    )
    expect(line).toBe(
      'patched src/math.ts (updated double, RATE; re-ran line 12; still old: Box — its constructor changed)',
    )
  })

  test('added and removed exports are named', () => {
    expect(formatFileReport(report({ updated: ['a'], added: ['b'], removed: ['c'] }), context)).toBe(
      'patched src/math.ts (updated a; added b; removed c)',
    )
  })

  test('an error says the old code keeps running', () => {
    expect(formatFileReport(report({ status: 'error', error: 'Unexpected token (3:7)' }), context)).toBe(
      'error src/math.ts: Unexpected token (3:7) — old code keeps running',
    )
  })

  test('a deleted file says the old code keeps running', () => {
    expect(formatFileReport(report({ status: 'deleted' }), context)).toBe(
      'deleted src/math.ts — old code keeps running',
    )
  })

  test('unchanged and not-loaded files get no line of their own', () => {
    expect(formatFileReport(report({ status: 'unchanged' }), context)).toBeUndefined()
    expect(formatFileReport(report({ status: 'not-loaded' }), context)).toBeUndefined()
  })

  test('a generated module: every list is capped, with how many more', () => {
    const names = Array.from({ length: 83_572 }, (_, i) => `f${i}`)
    const line = formatFileReport(report({ updated: names, added: names.slice(0, 13) }), context)
    expect(line).toBe(
      `patched src/math.ts (updated ${names.slice(0, 12).join(', ')}, … and 83,560 more; ` +
        `added ${names.slice(0, 13).join(', ')})`,
    )
  })

  test('a closure made before the save is named with its enclosing function', () => {
    const stale = [{ name: 'onError in createFetch()', reason: 'closures made before this save keep old code' }]
    expect(formatFileReport(report({ stale }), context)).toBe(
      'patched src/math.ts (still old: onError in createFetch() — closures made before this save keep old code)',
    )
  })
})

describe('formatPatchReport', () => {
  test('one line per file, quiet files collected on one line each kind', () => {
    const lines = formatPatchReport(
      {
        ms: 9,
        files: [
          report({ updated: ['double'] }),
          report({ file: '/project/src/a.ts', status: 'not-loaded' }),
          report({ file: '/project/src/b.ts', status: 'not-loaded' }),
          report({ file: '/project/src/c.ts', status: 'unchanged' }),
          report({ file: '/project/src/d.ts', status: 'error', error: 'boom' }),
          // a file renamed away that this worker never loaded: its deletion is no "not loaded"
          report({ file: '/project/src/math2.ts', status: 'not-loaded', deleted: true }),
        ],
      },
      context,
    )
    expect(lines).toEqual([
      'patched src/math.ts (updated double)',
      'error src/d.ts: boom — old code keeps running',
      'not loaded in this worker: src/a.ts, src/b.ts',
      'unchanged: src/c.ts',
      'deleted, never loaded in this worker: src/math2.ts',
    ])
  })
})

describe('formatPauseHeader', () => {
  test('says paused, names the test, its file relative to root, the attempt and the error', () => {
    const lines = formatPauseHeader(
      {
        testName: 'math › double',
        testFile: '/project/test/math.test.ts',
        attempt: 2,
        errors: ['AssertionError: expected 3 to be 4\n\n- Expected\n+ Received\n'],
        pid: 1234,
      },
      context,
    )
    const text = lines.join('\n')
    expect(text).toContain(' PAUSED  math › double')
    expect(text).toContain('test/math.test.ts · attempt 2 · worker 1234')
    expect(text).toContain('  AssertionError: expected 3 to be 4\n\n  - Expected\n  + Received')
    expect(text).not.toContain('/project/')
  })

  test('colours only when asked', () => {
    const info = { testName: 't', testFile: '/project/t.test.ts', attempt: 1, errors: [], pid: 1 }
    expect(formatPauseHeader(info, context).join('')).not.toContain('\x1b[')
    expect(formatPauseHeader(info, { ...context, c: pc.createColors(true) }).join('')).toContain('\x1b[')
  })
})

test('formatEvalResult indents values and colours failures', () => {
  expect(formatEvalResult({ ok: true, text: '{\n  a: 1\n}' }, context)).toEqual(['  {', '    a: 1', '  }'])
  expect(formatEvalResult({ ok: false, text: 'ReferenceError: x is not defined' }, context)).toEqual([
    '  ReferenceError: x is not defined',
  ])
})

test('relativePath uses forward slashes and keeps files outside root recognisable', () => {
  expect(relativePath('/project', '/project/src/a.ts')).toBe('src/a.ts')
  expect(relativePath('/project', '/elsewhere/a.ts')).toBe('../elsewhere/a.ts')
})

test('formatEvalResult marks a thrown value that is no error, so it does not read as a result', () => {
  expect(formatEvalResult({ ok: false, text: '1' }, context)).toEqual(['  Uncaught 1'])
  expect(formatEvalResult({ ok: false, text: '{ code: 1 }' }, context)).toEqual(['  Uncaught { code: 1 }'])
  expect(formatEvalResult({ ok: true, text: '1' }, context)).toEqual(['  1'])
})

test('formatEvalResult without colour drops the colours the test process put in', () => {
  expect(formatEvalResult({ ok: true, text: '\x1b[33m42\x1b[39m' }, context)).toEqual(['  42'])
})

test('formatPhaseTimes names each phase, the watcher and the channel, and the total from the first event', () => {
  const phases = { transform: 12.4, analyse: 20.2, apply: 0.4 }
  const line = formatPhaseTimes({ files: [], ms: 52, phases }, { since: 1000, requested: 1045, now: 1100 }, context)
  expect(line).toBe(
    'timings (ms): watcher 45 · transform 12 · analyse 20 · apply 0 · engine 52 · channel 3 · total 100',
  )
})

test('formatPhaseTimes: a save that waited for its worker (a test stopped by inspect until c) says so apart from the watcher', () => {
  const phases = { transform: 12, analyse: 20, apply: 0 }
  const at = { since: 1000, reported: 1030, requested: 9030, now: 9085 }
  expect(formatPhaseTimes({ files: [], ms: 52, phases }, at, context)).toBe(
    'timings (ms): watcher 30 · waited 8000 · transform 12 · analyse 20 · apply 0 · engine 52 · channel 3 · total 8085',
  )
})

test('a save that only moved code names the moved functions, and only when there is nothing else to say', () => {
  expect(formatFileReport(report({ moved: ['double'] }), context)).toBe('patched src/math.ts (moved double)')
  expect(formatFileReport(report({ updated: ['triple'], moved: ['double'] }), context)).toBe(
    'patched src/math.ts (updated triple)',
  )
})
