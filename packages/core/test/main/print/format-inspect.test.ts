import pc from 'picocolors'
import { describe, expect, test } from 'vitest'
import { formatFrame } from '../../../src/main/print/format-inspect.js'
import type { FrameDetails } from '../../../src/shared/protocol.js'

// A frame at an inspect stop: its variables, scoped as a debugger shows them once closures are around it.

const context = { root: '/project', c: pc.createColors(false) }
const frame = (scopes: Pick<FrameDetails, 'locals' | 'enclosing'>): FrameDetails => ({
  index: 0,
  functionName: 'scale',
  file: '/project/src/scale.ts',
  line: 3,
  column: 5,
  source: [{ line: 3, text: '    return n * factor' }],
  ...scopes,
})
const text = (details: FrameDetails) => formatFrame(details, 1, context).join('\n')

describe('formatFrame', () => {
  test('locals alone are listed as before, without scope names', () => {
    const out = text(frame({ locals: [{ name: 'n', preview: '3' }], enclosing: [] }))
    expect(out).toContain('  n = 3')
    expect(out).not.toContain('Local')
  })

  test('no locals but closure variables: every scope under its name, innermost first', () => {
    const out = text(
      frame({
        locals: [],
        enclosing: [
          { kind: 'Closure', variables: [{ name: 'factor', preview: '3' }] },
          { kind: 'Module', variables: [{ name: 'LIMIT', preview: '10' }] },
        ],
      }),
    )
    expect(out).toMatch(/ {2}Local\n {2}\(none\)\n {2}Closure\n {2}factor = 3\n {2}Module\n {2}LIMIT {2}= 10/)
    expect(out).not.toContain('no locals')
  })

  test('nothing in scope says so', () => {
    expect(text(frame({ locals: [], enclosing: [] }))).toContain('no variables in scope')
  })
})
