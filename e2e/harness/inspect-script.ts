import type { Project } from './project.js'
import { PROMPT } from './session.js'
import type { Terminal } from './terminal.js'

// What a person sees of inspect, the same on Vitest and Jest: at the pause `i` re-runs the failing test stopped at its
// throw, the stop shows the frame of their code with its locals, evaluates in it, moves up and down; a save is
// patched into the stopped test, and `c` runs on. inspect.e2e.ts drives these steps on each runner, in one fixture, and
// its subjects say only how a runner differs (how it names a test in the header, its failure text, its line numbers).

export const STOP_PROMPT = /c continue · up · down · where · q quit/

export interface InspectSubject {
  /** `.ts` (Vitest) or `.js` (Jest): the fixture's test files and src/cart. */
  ext: 'ts' | 'js'
  /** The pause header of `test`, and the stop header. */
  paused(test: string): RegExp
  stopped(test: string): RegExp
  /** `cart total`'s failure as the pause shows it, and (when the runner repeats it there) as the stop shows it. */
  failure: string
  failureAtStop?: string
  /** `$error.message` at the stop, as the runner's matcher words it (Vitest). */
  errorMessage?: string
  /** Lines in test/sync: expectTotal's assertion, and its call in the test body. test/async: the assertion. */
  lines: { assertion: number; call: number; asyncAssertion: number }
  /** How the test body's frame is named, as a regex fragment (Vitest: `<anonymous> `; Jest: its own wrapper). */
  testBody: string
}

type Run = { project: Project; term: Terminal }

const file = (s: InspectSubject, name: string) => `test/${name}.test.${s.ext}`
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const frame = (s: InspectSubject, fn: string, test: string, line: number, of: string) =>
  new RegExp(`${fn}\\(${literal(file(s, test))}:${line}:\\d+\\)\\s+frame ${of}`)

/** The pause of `test`, then `i`. */
export async function inspectAtPause(s: InspectSubject, term: Terminal, test: string): Promise<void> {
  await term.waitFor(s.paused(test))
  await term.waitFor(PROMPT)
  term.type('i')
}

/**
 * test/sync, `cart total`: stopped in expectTotal with its locals; evaluate, up to the test body, where, down; a fix of
 * total() (off the stack) saved while stopped is patched and callable there; then `c`.
 */
export async function stopInExpectTotalAndFix(s: InspectSubject, { project, term }: Run): Promise<void> {
  await term.waitFor(s.paused('cart total'))
  await term.waitFor(s.failure)
  await term.waitFor(PROMPT)
  term.type('i')

  await term.waitFor(s.stopped('cart total'))
  if (s.failureAtStop) await term.waitFor(s.failureAtStop)
  await term.waitFor(frame(s, 'expectTotal ', 'sync', s.lines.assertion, '1 of 2'))
  await term.waitFor(new RegExp(`> ${s.lines.assertion} \\|\\s+expect\\(result\\)\\.toBe\\(expected\\)`))
  await term.waitFor(/input\s+= \[ \{ name: 'pen', price: 10, qty: 2 \}, \{ name: 'ink', price: 5, qty: 1 \} \]/)
  await term.waitFor(/result\s+= 15/)
  await term.waitFor(STOP_PROMPT)

  term.type('result')
  await term.waitFor(/\n\s*15\n/)
  await term.waitFor(STOP_PROMPT)
  term.type('input.map((item) => item.price * item.qty)')
  await term.waitFor('[ 20, 5 ]')
  await term.waitFor(STOP_PROMPT)

  term.type('up')
  await term.waitFor(frame(s, s.testBody, 'sync', s.lines.call, '2 of 2'))
  await term.waitFor(/cart\s+= 'pens and ink'/)
  await term.waitFor(STOP_PROMPT)
  term.type('cart.length')
  await term.waitFor(/\n\s*12\n/)
  await term.waitFor(STOP_PROMPT)
  if (s.errorMessage) {
    term.type('$error.message')
    await term.waitFor(s.errorMessage)
    await term.waitFor(STOP_PROMPT)
  }
  term.type('where')
  const sync = literal(file(s, 'sync'))
  await term.waitFor(
    new RegExp(
      ` {2}#1 expectTotal \\(${sync}:${s.lines.assertion}:\\d+\\)\\n\\s*> #2 ${s.testBody}\\(${sync}:${s.lines.call}:\\d+\\)`,
    ),
  )
  await term.waitFor(STOP_PROMPT)
  term.type('down')
  await term.waitFor(frame(s, 'expectTotal ', 'sync', s.lines.assertion, '1 of 2'))
  await term.waitFor(STOP_PROMPT)

  // the save is patched into the stopped test
  fixCart(s, project)
  await term.waitFor(`patched src/cart.${s.ext} (updated total`)
  await term.waitFor(STOP_PROMPT)
  term.type('total(input)')
  await term.waitFor(/\n\s*25\n/)
  await term.waitFor(STOP_PROMPT)
  term.type('c')
}

/** test/async: stopped at the assertion after the awaits, one frame of the person's code, evaluated in. */
export async function stopInAsyncTest(s: InspectSubject, term: Terminal): Promise<void> {
  await inspectAtPause(s, term, 'async cart total')
  await term.waitFor(s.stopped('async cart total'))
  await term.waitFor(frame(s, s.testBody, 'async', s.lines.asyncAssertion, '1 of 1'))
  await term.waitFor(/result\s+= 15/)
  await term.waitFor(STOP_PROMPT)
  term.type('input.length')
  await term.waitFor(/\n\s*2\n/)
  await term.waitFor(STOP_PROMPT)
}

/** After `c` without a fix: the re-run pauses again as usual; a fix saved there, and `c`. */
export async function pausedAgainThenFix(s: InspectSubject, { project, term }: Run, attempt?: number): Promise<void> {
  await term.waitFor(s.paused('async cart total'))
  if (attempt) {
    await term.waitFor(`attempt ${attempt}`)
    await term.waitFor(s.failure)
  }
  await term.waitFor(PROMPT)
  fixCart(s, project)
  await term.waitFor(`patched src/cart.${s.ext} (updated total`)
  await term.waitFor(PROMPT)
  term.type('c')
}

/** test/changing, `fails differently when re-run`: `i`, the re-run throws another error, the pause says why. */
export async function anotherErrorDoesNotStop(s: InspectSubject, term: Terminal): Promise<void> {
  await inspectAtPause(s, term, 'fails differently when re-run')
  await term.waitFor(s.paused('fails differently when re-run'))
  await term.waitFor('TypeError: a different failure')
  await term.waitFor('inspect: the re-run did not throw that error in your code')
  await term.waitFor(PROMPT)
  term.type('s')
}

/**
 * test/moved, `an order checked in src`: stopped in checkOrder (src/order.ts:6); a save that makes orderLabel, above
 * it and off the stack, two lines longer is patched; `c`: the re-run throws at line 8, and the pause, its code
 * frame and `$error.stack` say line 8 (the runner's stack map followed the edit made while stopped). Then `s`.
 */
export async function stopThenMoveTheThrow(s: InspectSubject, { project, term }: Run): Promise<void> {
  const test = 'an order checked in src'
  await inspectAtPause(s, term, test)
  await term.waitFor(s.stopped(test))
  await term.waitFor(/checkOrder \(src\/order\.ts:6:\d+\)\s+frame 1 of 2/)
  await term.waitFor(STOP_PROMPT)
  const head = 'export function orderLabel(qty: number): string {'
  project.edit('src/order.ts', head, `${head}\n  const unit = qty === 1 ? 'item' : 'items'\n  if (!unit) return ''`)
  await term.waitFor('patched src/order.ts (updated orderLabel')
  await term.waitFor(STOP_PROMPT)
  term.type('c')

  await term.waitFor(s.paused(test))
  await term.waitFor('too many items: 5')
  await term.waitFor(/checkOrder \(?src\/order\.ts:8:\d+/)
  await term.waitFor(PROMPT)
  term.type('$error.stack')
  await term.waitFor(/checkOrder \(.*src\/order\.ts:8:\d+\)/)
  await term.waitFor(PROMPT)
  term.type('s')
}

/** Ctrl-C at the stop of `cart total` quits. */
export async function quitAtStop(s: InspectSubject, term: Terminal): Promise<void> {
  await inspectAtPause(s, term, 'cart total')
  await term.waitFor(STOP_PROMPT)
  term.press('\x03')
  await term.waitFor('quit: the run ends now; the summary shows what ran')
}

export function fixCart(s: InspectSubject, project: Project): void {
  project.edit(`src/cart.${s.ext}`, 'sum += item.price //', 'sum += item.price * item.qty //')
}
