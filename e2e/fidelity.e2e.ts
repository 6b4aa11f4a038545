import { describe, expect, test } from 'vitest'
import { DEFU_FIX, FETCH_FIX, lineOf } from './harness/fidelity-fixture.js'
import type { RunnerName } from './harness/project.js'
import { PROMPT, useTerminal } from './harness/session.js'

// Saves that change a module's top level too, on libraries shaped like unjs/ofetch and unjs/defu: the function objects
// the tests hold were made by a factory before the save (`$fetch = createFetch()` in another module, `merge =
// defuArrayFn` in beforeAll). Their inner closures must run the fix after the save, and `c` must pass.

const start = useTerminal()

// a new top-level helper in the same save, which the closure made before the save now calls
const FETCH_HELPER = [
  'export function createFetch',
  'export function retryDelay(attempt: number) {\n  return attempt * 100\n}\n\nexport function createFetch',
] as const
const DEFU_EXPORT = [
  'export const defu = createDefu()',
  'export const defu = createDefu()\nexport const defuFn = createDefu()',
]

type Run = [RunnerName, string, string[], RegExp]
const vitest = (runner: RunnerName): Run => [
  runner,
  'vitest-reload',
  ['run', '--reload-loop', '--reload-dir', 'src'],
  /Tests\s+2 passed \(2\)/,
]
const jest = (runner: RunnerName): Run => [
  runner,
  'jest-reload',
  ['--reload-loop', '--reload-dir', 'src'],
  /Tests:\s+2 passed, 2 total/,
]

const runs: Run[] = [vitest('vitest4'), jest('jest30'), vitest('vitest4-node26'), jest('jest30-node26')]

describe.each(runs)('%s', (runner, bin, args, passed) => {
  test('a fix inside a factory reaches the instances built before the save', async () => {
    const { project: p, term: t } = start(runner, 'fidelity', bin, args)

    await t.waitFor(/PAUSED.*fetch error names the status/)
    await t.waitFor(PROMPT)
    const fetch = p.read('src/fetch.ts')
    p.write('src/fetch.ts', fetch.replace(...FETCH_FIX).replace(...FETCH_HELPER))
    await t.waitFor(/patched src\/fetch\.ts \(updated [^\n]*onError in createFetch\(\)[^\n]*added retryDelay[^\n]*\)/)
    expect(lineOf(t.text, 'patched src/fetch.ts')).not.toMatch(/still old/)
    await t.waitFor(PROMPT)
    t.type('c')

    await t.waitFor(/PAUSED.*defu keeps array defaults/)
    await t.waitFor(PROMPT)
    const defu = p.read('src/defu.ts')
    p.write('src/defu.ts', defu.replace(...DEFU_FIX).replace(DEFU_EXPORT[0], DEFU_EXPORT[1]))
    await t.waitFor(/patched src\/defu\.ts \([^\n]*added defuFn[^\n]*\)/)
    expect(lineOf(t.text, 'patched src/defu.ts')).not.toMatch(/still old/)
    await t.waitFor(PROMPT)
    t.type('c')

    await t.waitFor(passed)
    expect(t.text.match(/PAUSED/g)).toHaveLength(2) // one pause per bug: `c` passed each time
    expect(await t.exited).toBe(0)
  })
})
