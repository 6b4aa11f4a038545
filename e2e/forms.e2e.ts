import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest'
import { fixDoubleThenGreeterPauses } from './harness/basic-fixture.js'
import { Project, type RunnerName } from './harness/project.js'
import { answered, PROMPT, paused, session, useTerminal } from './harness/session.js'
import { Terminal } from './harness/terminal.js'

// The same fix through every form a project comes in and every way of switching the loop on, on each runner: our bin,
// the runner's own bin with the documented preload, the config form switched on from the environment; JavaScript and
// CommonJS, Babel, native ES modules, @swc/jest; Vitest's threads pool and watch mode.

const start = useTerminal()
const STEP_TIMEOUT = 30_000

/** double fails; fix it, continue; the other failure in the file is skipped. */
async function fixDouble(p: Project, t: Terminal): Promise<void> {
  await fixDoubleThenGreeterPauses(p, t)
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
    await fixDoubleThenGreeterPauses(p, t)
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

const BABEL_CONFIG = `module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\\\.ts$': 'babel-jest' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
}
`

describe.each<RunnerName>(['jest30', 'jest29'])('%s', (runner) => {
  describe('a Babel project, default reload dir (the working directory)', () => {
    const step = session()
    let project: Project
    let term: Terminal

    beforeAll(() => {
      project = new Project(runner, 'jest-babel')
      term = new Terminal(project.bin('jest-reload'), ['--reload-loop'], { cwd: project.dir })
    })
    afterAll(() => {
      term.kill()
      project.remove()
    })

    step('a fixed body is patched through babel-jest; an importer sees it', async () => {
      await term.waitFor(paused('price › adds VAT'), STEP_TIMEOUT)
      project.edit('src/price.ts', 'net * 1.1', 'net * 1.2')
      await term.waitFor('patched src/price.ts (updated withVat)')
      term.type('c')
      await term.waitFor(paused('test edits › expects the right thing'), STEP_TIMEOUT)
      expect(term.text).not.toMatch(paused('invoice'))
    })

    step('an edit of the test itself is patched, since the whole project is watched', async () => {
      project.edit('test/invoice.test.ts', 'toBe(13)', 'toBe(12)')
      await term.waitFor(/patched test\/invoice\.test\.ts \(updated /)
      term.type('c')
      expect(await term.exited).toBe(0)
      expect(term.text).toMatch(/Tests:\s+3 passed, 3 total/)
    })
  })

  describe('native ES modules (--experimental-vm-modules)', () => {
    const step = session()
    let project: Project
    let term: Terminal

    beforeAll(() => {
      project = new Project(runner, 'jest-esm')
      term = new Terminal(project.bin('jest-reload'), ['--reload-loop', '--reload-dir', 'src'], {
        cwd: project.dir,
        env: { NODE_OPTIONS: '--experimental-vm-modules' },
      })
    })
    afterAll(() => {
      term.kill()
      project.remove()
    })

    step('a new top-level constant and the body that reads it are patched into the ES module', async () => {
      await term.waitFor(paused('quadruples through an ES module import'), STEP_TIMEOUT)
      await term.waitFor(PROMPT)
      // ES modules' exports are in scope at the prompt, as CommonJS modules' are
      await answered(term, 'quadruple(1)', /\n\s*9\n/)
      project.write('src/math.js', 'const TWO = 2\n\nexport function double(x) {\n  return x * TWO\n}\n')
      await term.waitFor('patched src/math.js (updated double; added TWO)')
    })

    step('a function body edit reaches the importing module', async () => {
      project.write('src/math.js', 'export function double(x) {\n  return x * 2\n}\n')
      await term.waitFor('patched src/math.js (updated double; removed TWO)')
      term.type('c')
      expect(await term.exited).toBe(0)
      expect(term.text).toMatch(/Tests:\s+1 passed, 1 total/)
    })
  })

  it('the config helper turns the plain `jest` on from the environment', async () => {
    const project = new Project(runner, 'jest-babel')
    try {
      project.write(
        'jest.config.js',
        `const { withReloadLoop } = require('@mighty-patcher/jest-plugin')
module.exports = withReloadLoop(require('./jest.base.config.js'))
`,
      )
      project.write('jest.base.config.js', BABEL_CONFIG)
      const jest = path.join(path.dirname(project.bin('jest-reload')), 'jest')
      const term = new Terminal(jest, [], {
        cwd: project.dir,
        env: { JEST_RELOAD_LOOP: '1', JEST_RELOAD_DIR: 'src' },
      })
      await term.waitFor(paused('price › adds VAT'), STEP_TIMEOUT)
      project.edit('src/price.ts', 'net * 1.1', 'net * 1.2')
      await term.waitFor('patched src/price.ts (updated withVat)')
      term.type('c')
      await term.waitFor(paused('test edits › expects the right thing'), STEP_TIMEOUT)
      term.type('q')
      expect(await term.exited).toBe(1)
      expect(term.text).toMatch(/Tests:\s+1 failed, 2 passed, 3 total/)
    } finally {
      project.remove()
    }
  })

  it('the literal `jest` with the register preload runs the loop', async () => {
    const project = new Project(runner, 'jest-babel')
    try {
      const jest = path.join(path.dirname(project.bin('jest-reload')), 'jest')
      const term = new Terminal(jest, ['--reload-loop', '--reload-dir', 'src'], {
        cwd: project.dir,
        env: { NODE_OPTIONS: '--import=@mighty-patcher/jest-plugin/register' },
      })
      await term.waitFor(paused('price › adds VAT'), STEP_TIMEOUT)
      term.type('q')
      expect(await term.exited).toBe(1)
      // quit ends the run: the file's two later tests do not run
      expect(term.text).toMatch(/Tests:\s+1 failed, 2 skipped, 3 total/)
    } finally {
      project.remove()
    }
  })
})

// @swc/jest (react-hook-form's transform, and many projects'): saves patch as with ts-jest and babel-jest; a test-file
// save that moves lines is named at its new line by the next pause and by `$error.stack`; a syntax error says where.

/** The ts-jest fixture's project, with @swc/jest as react-hook-form configures it. */
const SWC_CONFIG = `module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\\\.tsx?$': '@swc/jest' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
}
`

describe('jest30', () => {
  test('@swc/jest: a test-file save that moves lines, the right line after; a syntax error with its line; a fix, c → green', async () => {
    const args = ['--reload-loop', '--reload-dir', 'src', '-t', 'doubles']
    const { project, term } = start('jest30', 'jest-ts', 'jest-reload', args, {
      prepare: (p) => p.write('jest.config.js', SWC_CONFIG),
    })
    await term.waitFor(/PAUSED\s+math › doubles/)
    await term.waitFor('> 22 |     expect(double(2)).toBe(4)')
    await term.waitFor(PROMPT)
    project.edit('test/loop.test.ts', "describe('math', () => {", "// one\n// two\ndescribe('math', () => {")
    await term.waitFor(/patched test\/loop\.test\.ts \(moved /)
    await term.waitFor(PROMPT)
    term.type('c')
    await term.waitFor(/PAUSED\s+math › doubles/)
    await term.waitFor('> 24 |     expect(double(2)).toBe(4)')
    await term.waitFor(PROMPT)
    term.type('$error.stack.split("\\n").find((l) => l.includes("loop.test")).trim()')
    await term.waitFor(/at Object\.toBe \(\S*test\/loop\.test\.ts:24:23\)/)
    await term.waitFor(PROMPT)
    project.write('src/math.ts', 'export function double(x: number): number {\n  return x * \n}\n')
    await term.waitFor('error src/math.ts: Expression expected (line 3, column 1) — old code keeps running')
    await term.waitFor(PROMPT)
    project.write('src/math.ts', 'export function double(x: number): number {\n  return x * 2\n}\n')
    await term.waitFor('patched src/math.ts (updated double)')
    await term.waitFor(PROMPT)
    term.type('c')
    await term.waitFor(/Tests:\s+\d+ skipped, 1 passed/)
    expect(await term.exited).toBe(0)
  })
})
