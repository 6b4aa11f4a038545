import { spawn } from 'node:child_process'
import { openSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Project, type RunnerName } from './harness/project.js'
import { answered, PROMPT, paused, session } from './harness/session.js'
import { Terminal } from './harness/terminal.js'

// A developer's sessions with `jest-reload`, in a real terminal, on Jest 30 and Jest 29.7. Each session is one Jest
// run: its steps are consecutive tests sharing the terminal, and a failed step skips the rest of its session.

const RUNNERS: RunnerName[] = ['jest30', 'jest29']
const STEP_TIMEOUT = 30_000

function count(text: string, needle: string): number {
  return text.split(needle).length - 1
}

describe.each(RUNNERS)('%s', (runner) => {
  describe('a TypeScript project (ts-jest): fix, re-run, skip and quit in one run', () => {
    const step = session()
    let project: Project
    let term: Terminal

    beforeAll(() => {
      project = new Project(runner, 'jest-ts')
      term = new Terminal(project.bin('jest-reload'), ['--reload-loop', '--reload-dir', 'src'], { cwd: project.dir })
    })
    afterAll(() => {
      term.kill()
      project.remove()
    })

    step('a failing test pauses with its name and the error', async () => {
      await term.waitFor(paused('math › doubles'), STEP_TIMEOUT)
      await term.waitFor('Save files to patch them')
      expect(term.text).toContain('Expected: 4')
      expect(term.text).toContain('Received: 6')
    })

    step("Jest's status line stays quiet under the prompt (its redraw would erase what is typed)", async () => {
      await term.waitFor('or evaluate')
      await new Promise((resolve) => setTimeout(resolve, 1500)) // Jest redraws every second
      expect(term.recent).not.toContain('RUNS')
    })

    step('a line typed at the prompt is evaluated in the test process, with the failure as $error', async () => {
      term.type('[typeof expect, $error.message.includes("Received")].join(" ")')
      await term.waitFor("'function true'")
      term.type('double(21)') // the project's exports are in scope by name
      await term.waitFor(/double\(21\)\s+63\n/)
    })

    step('a fixed function body is patched; the re-run passes, and so does a caller in another module', async () => {
      project.edit('src/math.ts', 'x * 3', 'x * 2')
      await term.waitFor('patched src/math.ts (updated double)')
      term.type('c')
      // quadruple() calls double() through `(0, math_1.double)`: it passes without pausing
      await term.waitFor(paused('captured › triples'), STEP_TIMEOUT)
      expect(term.text).not.toMatch(paused('calc'))
    })

    step('a structural fix (new helper) reaches a reference captured before the edit', async () => {
      project.write(
        'src/triple.ts',
        'function factor(): number {\n  return 3\n}\n\nexport function triple(x: number): number {\n  return x * factor()\n}\n',
      )
      await term.waitFor(/patched src\/triple\.ts \([^\n]*added factor/)
      term.type('c')
      await term.waitFor(paused('calculator › adds with the instance from beforeAll'), STEP_TIMEOUT)
    })

    step('an instance made in beforeAll gets the fixed method; beforeAll does not run again', async () => {
      project.edit('src/calculator.ts', 'a - b', 'a + b')
      await term.waitFor(/patched src\/calculator\.ts \(updated Calculator#add\)/)
      term.type('c')
      await term.waitFor(paused('limits › has the new limit'), STEP_TIMEOUT)
    })

    step('a syntax error is reported and the test stays paused', async () => {
      project.write('src/limits.ts', 'export const LIMIT = = 10\n')
      await term.waitFor(/error src\/limits\.ts: [^\n]+ — old code keeps running/)
      expect(term.recent).not.toContain('PAUSED')
    })

    step('fixing it changes the constant in place', async () => {
      project.write('src/limits.ts', 'export const LIMIT = 10\n')
      await term.waitFor(/patched src\/limits\.ts \(updated LIMIT/)
      term.type('c')
      await term.waitFor(paused('greet › greets asynchronously'), STEP_TIMEOUT)
    })

    step('an async function is patched', async () => {
      project.edit('src/greet.ts', 'Bye', 'Hello')
      await term.waitFor('patched src/greet.ts (updated greet)')
      term.type('c')
      await term.waitFor(paused('cart › totals with tax'), STEP_TIMEOUT)
    })

    step('two files saved before continuing are both patched', async () => {
      project.edit('src/cart.ts', 'a - b', 'a + b')
      project.write(
        'src/tax.ts',
        'function rate(): number {\n  return 0.1\n}\n\nexport function tax(amount: number): number {\n  return amount * rate()\n}\n',
      )
      // one save batch or two, in either order
      await term.waitFor(/patched src\/(cart|tax)\.ts[^\n]*\n[\s\S]*patched src\/(cart|tax)\.ts[^\n]*\n/)
      expect(term.text).toContain('patched src/cart.ts (updated prices.reduce() in total())')
      expect(term.text).toMatch(/patched src\/tax\.ts \([^\n]*added rate/)
      term.type('c')
      await term.waitFor(paused('the end › skipped failure'), STEP_TIMEOUT)
    })

    step('skip keeps the failure and the next failure pauses', async () => {
      term.type('s')
      await term.waitFor(paused('the end › failure after skip'), STEP_TIMEOUT)
    })

    step('quit ends the run now: later tests do not run and the exit code is non-zero', async () => {
      term.type('q')
      await term.waitFor('quit: the run ends now; the summary shows what ran')
      expect(await term.exited).not.toBe(0)
      expect(term.text).not.toMatch(paused('the end › failure after quit'))
      // every fixed test passed on its re-run; the skipped and the quit failure stayed failed; the two tests after
      // quit did not run
      expect(term.text).toMatch(/Tests:\s+2 failed, 2 skipped, 7 passed, 11 total/)
      expect(count(term.text, 'beforeAll ran 1 time(s)')).toBe(1)
      expect(term.text).not.toContain('beforeAll ran 2 time(s)')
      // Jest 29.7 has no immediate retries: the person is told when the re-run comes
      const later = 'Jest 29 re-runs "math › doubles" after the rest of its describe block'
      if (runner === 'jest29') expect(term.text).toContain(later)
      else expect(term.text).not.toContain(later)
    })
  })

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

  it('hooks: beforeAll failures never pause, beforeEach re-runs, own retries and a custom environment are kept', async () => {
    const project = new Project(runner, 'jest-hooks')
    try {
      const term = new Terminal(project.bin('jest-reload'), ['--reload-loop', '--reload-dir', 'src'], {
        cwd: project.dir,
      })
      await term.waitFor(paused('runs after its beforeEach'), STEP_TIMEOUT)
      // the header's lines may reach the terminal in more than one read
      await term.waitFor('not ready yet')
      project.edit('src/flag.ts', 'return false', 'return true')
      await term.waitFor('patched src/flag.ts (updated ready)')
      term.type('c')
      expect(await term.exited).toBe(1)
      expect(count(term.text, 'PAUSED')).toBe(1)
      expect(term.text).toContain('this test file calls jest.retryTimes(): the reload loop leaves its failures alone')
      // a docblock environment stays in charge, and its own event handler still sees the failure and the fixed re-run
      expect(term.text).toContain('custom environment: test_done with 1 error(s)')
      expect(term.text).toContain('custom environment: test_done with 0 error(s)')
      expect(term.text).toMatch(/Tests:\s+2 failed, 1 passed, 3 total/)
    } finally {
      project.remove()
    }
  })

  describe('turned off', () => {
    it("with CI set: one line, a normal failing run with Jest's exit code, no prompt", async () => {
      const project = new Project(runner, 'jest-babel')
      try {
        const args = ['--reload-loop', '--reload-dir', 'src', '--testFailureExitCode', '7']
        const term = new Terminal(project.bin('jest-reload'), args, { cwd: project.dir, env: { CI: 'true' } })
        // Jest's own exit code, from an argument that went through to Jest
        expect(await term.exited).toBe(7)
        expect(count(term.text, 'reload loop off')).toBe(1)
        expect(term.text).toContain('[mighty-patcher] reload loop off: CI detected — tests run normally')
        expect(term.text).not.toContain('PAUSED')
        expect(term.text).toMatch(/Tests:\s+3 failed, 3 total/)
      } finally {
        project.remove()
      }
    })

    it('in watch mode: one line, and Jest keeps its watch keys', async () => {
      const project = new Project(runner, 'jest-babel')
      const term = new Terminal(project.bin('jest-reload'), ['--reload-loop', '--watchAll'], { cwd: project.dir })
      try {
        await term.waitFor('[mighty-patcher] reload loop off: watch mode owns stdin — tests run normally', STEP_TIMEOUT)
        await term.waitFor(/Tests:\s+3 failed, 3 total/, STEP_TIMEOUT)
        await term.waitFor('Watch Usage', STEP_TIMEOUT)
        expect(term.text).not.toContain('PAUSED')
        // Jest clears the screen before its run: the line is still there below the clear, once
        expect(term.sinceClear.length).toBeLessThan(term.text.length)
        expect(count(term.sinceClear, 'reload loop off')).toBe(1)
      } finally {
        term.kill()
        project.remove()
      }
    })

    it('with stdin not a terminal: one line, never waits for input', async () => {
      const project = new Project(runner, 'jest-babel')
      try {
        const { code, output } = await runWithoutTerminal(project.bin('jest-reload'), ['--reload-loop'], project.dir)
        expect(code).toBe(1)
        expect(count(output, 'reload loop off')).toBe(1)
        expect(output).toContain('reload loop off: stdin is not a TTY')
        expect(output).not.toContain('PAUSED')
        expect(output).toMatch(/Tests:\s+3 failed, 3 total/)
      } finally {
        project.remove()
      }
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

const BABEL_CONFIG = `module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\\\.ts$': 'babel-jest' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
}
`

/** Stdin from /dev/null, output to pipes: how CI or an editor's task runner starts the command. */
function runWithoutTerminal(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env }
    for (const key of Object.keys(env)) if (/^(VITEST.*|NODE_OPTIONS|CI|JEST_WORKER_ID)$/.test(key)) delete env[key]
    const child = spawn(command, args, { cwd, env, stdio: [openSync('/dev/null', 'r'), 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`still running after 60 s (waiting for input?)\n${output}`))
    }, 60_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, output })
    })
  })
}
