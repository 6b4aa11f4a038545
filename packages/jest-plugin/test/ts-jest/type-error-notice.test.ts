import { expect, it } from 'vitest'
import { typeErrorNotice } from '../../src/ts-jest/type-error-notice.js'

// ts-jest's diagnostics text (TypeScript's formatting, colours already stripped) → the session's one line.

const pretty = `src/math.ts:3:7 - error TS2322: Type 'string' is not assignable to type 'number'.

3   const unit: number = 'one'
        ~~~~

src/math.ts:4:3 - error TS2304: Cannot find name 'nope'.

4   nope()
    ~~~~
`

it("names the first error's file:line:col, code and message, and counts the rest", () => {
  expect(typeErrorNotice('src/math.ts', pretty)).toBe(
    "type errors in src/math.ts:3:7 TS2322 Type 'string' is not assignable to type 'number'. (+1 more) — patched anyway: its JavaScript is valid",
  )
})

it('reads the plain format too (diagnostics.pretty: false), one error', () => {
  const plain = "src/math.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.\n"
  expect(typeErrorNotice('src/math.ts', plain)).toBe(
    "type error in src/math.ts:3:7 TS2322 Type 'string' is not assignable to type 'number'. — patched anyway: its JavaScript is valid",
  )
})

it('a text it cannot parse still becomes one line naming the file', () => {
  expect(typeErrorNotice('src/math.ts', '\nsomething unexpected\nmore\n')).toBe(
    'type errors in src/math.ts: something unexpected — patched anyway: its JavaScript is valid',
  )
})
