import { describe, expect, test } from 'vitest'
import type { Project, RunnerName } from './harness/project.js'
import { PROMPT, paused, useTerminal } from './harness/session.js'
import type { Terminal } from './harness/terminal.js'

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

/** At the pause of `test`: each save of `file` (`from` → `to`) shows `patched`, then `c`. */
async function fixAtPause(t: Terminal, p: Project, test: string, file: string, saves: [string, string, string][]) {
  await t.waitFor(paused(test))
  await t.waitFor(PROMPT)
  for (const [from, to, patched] of saves) {
    p.edit(file, from, to)
    await t.waitFor(`patched ${file} (${patched})`)
    await t.waitFor(PROMPT)
  }
  t.type('c')
}

describe.each(RUNS)('%s', (runner, bin, args, passed) => {
  test('what was made before a save runs its code, and stays an instance of its class', async () => {
    const { project: p, term: t } = start(runner, 'identity', bin, args)

    // dayjs: the plugin's closure was installed at the test file's top; only the constant changes
    await fixAtPause(t, p, 'a closure a plugin installed reads the new constant', 'src/plugin.ts', [
      ['const RATE = 2', 'const RATE = 3', 'updated RATE'],
    ])
    // mobx: three saves in a row; the instance from before the first runs the last, the predicate keeps knowing it
    await fixAtPause(
      t,
      p,
      'an instance made before three saves runs the last one',
      'src/box.ts',
      [2, 3, 4].map((n): [string, string, string] => [`return ${n - 1}`, `return ${n}`, 'updated Box#get']),
    )
    // hono: the base class changes, the subclass lives in another module
    await fixAtPause(t, p, "a subclass in another module sees its base class's new method", 'src/base.ts', [
      ["return 'old'", "return 'new'", 'updated Base#greet'],
    ])
    // zod: a top-level constant of the module that made the instance
    await fixAtPause(
      t,
      p,
      'an object made before a top-level edit is still an instance of its class',
      'src/registry.ts',
      [['VERSION = 1', 'VERSION = 2', 'updated VERSION']],
    )

    await t.waitFor(passed)
    expect(t.text).not.toMatch(/still old|error src/)
    expect(t.text.match(/PAUSED/g)).toHaveLength(4) // one pause per test: each `c` passed
    expect(await t.exited).toBe(0)
  })
})
