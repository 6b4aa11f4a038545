import { describe, expect, test } from 'vitest'
import type { RunnerName } from './harness/project.js'
import { PROMPT, paused, useTerminal } from './harness/session.js'

// Identity through saves, in the shapes of real libraries (one fixture, both runners): a closure dayjs' plugins
// install that reads a module constant; mobx's predicate made by a factory in another module, with an instance made
// before three saves; hono's subclass in another module; zod's module-level instance of a module's class. Each save
// must reach what was made before it, keep `instanceof` true, and say what it did.

const start = useTerminal()

const RUNS: [RunnerName, string, string[], RegExp][] = [
  ['vitest4', 'vitest-reload', ['run', '--reload-loop', '--reload-dir', 'src'], /Tests\s+4 passed \(4\)/],
  ['vitest4-node26', 'vitest-reload', ['run', '--reload-loop', '--reload-dir', 'src'], /Tests\s+4 passed \(4\)/],
  ['jest30', 'jest-reload', ['--reload-loop', '--reload-dir', 'src'], /Tests:\s+4 passed, 4 total/],
  ['jest30-node26', 'jest-reload', ['--reload-loop', '--reload-dir', 'src'], /Tests:\s+4 passed, 4 total/],
]

describe.each(RUNS)('%s', (runner, bin, args, passed) => {
  test('what was made before a save runs its code, and stays an instance of its class', async () => {
    const { project: p, term: t } = start(runner, 'identity', bin, args)

    // dayjs: the plugin's closure was installed at the test file's top; only the constant changes
    await t.waitFor(paused('a closure a plugin installed reads the new constant'))
    await t.waitFor(PROMPT)
    p.edit('src/plugin.ts', 'const RATE = 2', 'const RATE = 3')
    await t.waitFor('patched src/plugin.ts (updated RATE)')
    await t.waitFor(PROMPT)
    t.type('c')

    // mobx: three saves in a row; the instance from before the first runs the last, the predicate keeps knowing it
    await t.waitFor(paused('an instance made before three saves runs the last one'))
    await t.waitFor(PROMPT)
    for (const n of [2, 3, 4]) {
      p.edit('src/box.ts', `return ${n - 1}`, `return ${n}`)
      await t.waitFor('patched src/box.ts (updated Box#get)')
      await t.waitFor(PROMPT)
    }
    t.type('c')

    // hono: the base class changes, the subclass lives in another module
    await t.waitFor(paused("a subclass in another module sees its base class's new method"))
    await t.waitFor(PROMPT)
    p.edit('src/base.ts', "return 'old'", "return 'new'")
    await t.waitFor('patched src/base.ts (updated Base#greet)')
    await t.waitFor(PROMPT)
    t.type('c')

    // zod: a top-level constant of the module that made the instance
    await t.waitFor(paused('an object made before a top-level edit is still an instance of its class'))
    await t.waitFor(PROMPT)
    p.edit('src/registry.ts', 'VERSION = 1', 'VERSION = 2')
    await t.waitFor('patched src/registry.ts (updated VERSION)')
    await t.waitFor(PROMPT)
    t.type('c')

    await t.waitFor(passed)
    expect(t.text).not.toMatch(/still old|error src/)
    expect(t.text.match(/PAUSED/g)).toHaveLength(4) // one pause per test: each `c` passed
    expect(await t.exited).toBe(0)
  })
})
