import { writeFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { useEngineOnDisk } from '../harness/engine-on-disk.js'
import type { WrapperStyle } from '../harness/vm-runner.js'

// Back and forth: one module saved as A, B, A, C, … alternating body edits, a top-level constant and a new helper.
// Everything captured at the first load — a factory's closure, a top-level function, an instance with an
// arrow-function field, a listener a function registered — must run the code on disk after every step, or be named
// stale; nothing here needs to be stale.

interface State {
  tag: string
  factor: number
  rate: number
  step: number
  add: number
  helper?: boolean
}

function source(s: State): string {
  return `export const RATE = ${s.rate}
${s.helper ? 'export function helper() {\n  return 1\n}' : ''}
export function createFetch(base: string) {
  const onError = (error: string) => {
    return \`${s.tag} \${base} \${error}\`
  }
  return (request: string) => onError(request)
}
export const $fetch = createFetch('b')
export function price(x: number) {
  return x * ${s.factor} * RATE
}
export class Counter {
  step = () => {
    return ${s.step}
  }
  inc() {
    return ${s.step * 10}
  }
}
export function listen(target: { handlers: Array<(x: number) => number> }) {
  target.handlers.push((x: number) => {
    return x + ${s.add}
  })
}
`
}

const A: State = { tag: 'A', factor: 1, rate: 1, step: 1, add: 100 }
const B: State = { tag: 'B', factor: 2, rate: 1, step: 2, add: 200 }
const C: State = { ...B, rate: 2 }
const D: State = { ...A, rate: 2, helper: true }

type Outcome = 'patched' | 'unchanged'
/** Each save, its outcome, and what it must name removed (only `helper`, when D's helper goes away). */
const steps: [State, Outcome, string[]?][] = [
  [B, 'patched'],
  [A, 'patched'],
  [C, 'patched'],
  [B, 'patched'],
  [A, 'patched'],
  [D, 'patched'],
  [A, 'patched', ['helper']],
  [B, 'patched'],
  [B, 'unchanged'],
  [C, 'patched'],
  [A, 'patched'],
]

const setup = useEngineOnDisk()

describe.each<WrapperStyle>(['vitest', 'jest'])('%s wrapper', (style) => {
  test('A→B→A→C→B→A→D→A→B→B→C→A: captured references, instances and closures follow every step', {
    timeout: 60_000,
  }, async () => {
    const { file, runner, engine } = await setup('successive', style)
    writeFileSync(file, source(A))
    const first = (await runner.import(file)) as Record<string, any>
    const target = { handlers: [] as Array<(x: number) => number> }
    first.listen(target)
    const held = {
      $fetch: first.$fetch,
      price: first.price,
      counter: new first.Counter(),
      handler: target.handlers[0]!,
    }

    for (const [index, [state, outcome, removed = []]] of steps.entries()) {
      writeFileSync(file, source(state))
      const { files } = await engine.patch([file])
      const report = files[0]!
      const at = `step ${index + 1} (${state.tag}, rate ${state.rate}): ${JSON.stringify(report)}`
      expect(report.status, at).toBe(outcome)
      expect(report.stale, at).toEqual([])
      expect(report.removed, at).toEqual(removed)
      const mod = runner.modulesOf(file)[0]!.exports as Record<string, any>
      expect(held.$fetch('x'), at).toBe(`${state.tag} b x`)
      expect(mod.$fetch('x'), at).toBe(`${state.tag} b x`)
      expect(held.price(1), at).toBe(state.factor * state.rate)
      expect(held.counter.step(), at).toBe(state.step)
      expect(held.counter.inc(), at).toBe(state.step * 10)
      expect(held.handler(1), at).toBe(1 + state.add)
    }
  })
})
