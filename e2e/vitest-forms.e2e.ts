import { describe, expect, test } from 'vitest'
import type { Project, RunnerName } from './harness/project.js'
import { PROMPT, useTerminal } from './harness/session.js'

// The same fix through every way of switching the loop on, and in the threads pool and watch mode.

const start = useTerminal()

/** double fails; fix it, continue; the other failure in the file is skipped. */
async function fixDouble(p: Project, t: Terminal): Promise<void> {
  await t.waitFor(/PAUSED\s+math > double/)
  await t.waitFor(PROMPT)
  p.edit('src/math.ts', 'x * 3', 'x * 2')
  await t.waitFor('patched src/math.ts (updated double)')
  t.type('c')
  await t.waitFor(/PAUSED\s+math > greeter made in beforeAll/)
  await t.waitFor(PROMPT)
  t.type('s')
}

describe.each<RunnerName>(['vitest4', 'vitest5'])('%s', (runner) => {
  test('JavaScript in a CommonJS package, with a .cjs module', async () => {
    const { project: p, term: t } = start(runner, 'vitest-js', 'vitest-reload', ['run', '--reload-loop'])
    await t.waitFor(/PAUSED\s+double/)
    await t.waitFor(PROMPT)
    p.edit('src/math.js', 'x * 3', 'x * 2')
    await t.waitFor('patched src/math.js (updated double)')
    t.type('c')
    await t.waitFor(/PAUSED\s+triple from a CommonJS module/)
    await t.waitFor(PROMPT)
    p.edit('src/legacy.cjs', 'x * 4', 'x * 3')
    await t.waitFor('patched src/legacy.cjs (updated triple)')
    t.type('c')
    await t.waitFor(/Tests\s+2 passed \(2\)/)
    expect(await t.exited).toBe(0)
  })

  test('threads pool', async () => {
    const { project, term } = start(runner, 'vitest-basic', 'vitest-reload', [
      'run',
      '--reload-loop',
      '--reload-dir',
      'src',
      '--pool',
      'threads',
    ])
    await fixDouble(project, term)
    await term.waitFor(/Tests\s+1 failed \| 3 passed/)
    expect(term.text).toMatch(/✓ double .*\(retry x1\)/)
    expect(await term.exited).toBe(1)
  })

  test('literal `vitest --reload-loop` through the documented preload', async () => {
    const { project, term } = start(runner, 'vitest-basic', 'vitest', ['run', '--reload-loop', '--reload-dir', 'src'], {
      env: { NODE_OPTIONS: '--import=@mighty-patcher/vitest-plugin/register' },
    })
    await term.waitFor('reload loop on')
    await fixDouble(project, term)
    await term.waitFor(/Tests\s+1 failed \| 3 passed/)
    expect(await term.exited).toBe(1)
  })

  test('config form: reloadLoop() in vitest.config, switched on by VITEST_RELOAD_LOOP=1', async () => {
    const config =
      "import { reloadLoop } from '@mighty-patcher/vitest-plugin'\n\nexport default { plugins: [reloadLoop({ dir: 'src' })] }\n"
    const { project, term } = start(runner, 'vitest-basic', 'vitest', ['run'], {
      env: { VITEST_RELOAD_LOOP: '1' },
      prepare: (p) => p.write('vitest.config.ts', config),
    })
    await term.waitFor('reload loop on')
    await fixDouble(project, term)
    await term.waitFor(/Tests\s+1 failed \| 3 passed/)
    expect(await term.exited).toBe(1)
  })

  test("watch mode: the prompt borrows stdin from Vitest's keys and gives it back", async () => {
    const { project: p, term: t } = start(runner, 'vitest-basic', 'vitest-reload', [
      '--reload-loop',
      '--reload-dir',
      'src',
    ])
    await t.waitFor(/PAUSED\s+math > double/)
    await t.waitFor(PROMPT)
    p.edit('src/math.ts', 'x * 3', 'x * 2')
    await t.waitFor('patched src/math.ts (updated double)')
    t.type('c')
    await t.waitFor(/PAUSED\s+math > greeter made in beforeAll/)
    await t.waitFor(PROMPT)
    p.edit('src/greeter.ts', 'Hi,', 'Hello,')
    await t.waitFor('patched src/greeter.ts (updated Greeter#greet)')
    t.type('c')
    await t.waitFor(/Tests\s+4 passed \(4\)/)
    // as always in watch mode, Vitest then re-runs the files the saves affect: green, nothing to pause for
    await t.waitFor(/RERUN[\s\S]*Tests\s+4 passed \(4\)[\s\S]*press q to quit/)
    t.press('q') // Vitest's own shortcut works again: stdin was handed back
    expect(await t.exited).toBe(0)
  })
})
