import { spawn } from 'node:child_process'
import { openSync } from 'node:fs'
import stripAnsi from 'strip-ansi'
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest'
import { basicRunPassed, fixDoubleThenGreeterPauses } from './harness/basic-fixture.js'
import { Project, type RunnerName } from './harness/project.js'
import { PROMPT, paused, session, useTerminal } from './harness/session.js'
import { Terminal } from './harness/terminal.js'

// The loop itself, a person's session in a real terminal on each runner: a test fails and the run pauses, files are
// saved, the prompt says what was patched, `c` re-runs the test in the same process, `s` keeps the failure, `q` ends
// the run; the kinds of tests and hooks each runner has; and the loop turning itself off, in one line, where nobody can
// answer. Vitest runs vitest-basic, vitest-failing and vitest-scenarios; Jest runs jest-ts (one session whose steps
// share the terminal), jest-hooks and jest-babel.

const start = useTerminal()
const STEP_TIMEOUT = 30_000

function count(text: string, needle: string): number {
  return text.split(needle).length - 1
}

/** The Vitest and Node versions each runner package brings. */
const VERSIONS: Partial<Record<RunnerName, [RegExp, string]>> = {
  'vitest40-node24': [/RUN\s+v4\.0\./, 'tests run on node v24.'],
  vitest4: [/RUN\s+v4\.1\./, 'tests run on node v20.'],
  vitest5: [/RUN\s+v5\./, 'tests run on node v22.'],
}

describe.each<RunnerName>(['vitest40-node24', 'vitest4', 'vitest5'])('%s', (runner) => {
  test('fix a body, a stale import through another module, an instance from beforeAll; setup runs once', async () => {
    const { project, term } = start(runner, 'vitest-basic', 'vitest-reload', [
      'run',
      '--reload-loop',
      '--reload-dir',
      'src',
    ])
    await term.waitFor('reload loop on')
    const [version, node] = VERSIONS[runner]!
    await term.waitFor(version)
    await term.waitFor(node)
    await fixDoubleThenGreeterPauses(project, term)
    project.edit('src/greeter.ts', 'Hi,', 'Hello,')
    await term.waitFor(/patched src\/greeter\.ts \(updated .*Greeter#greet/)
    await term.waitFor(PROMPT)
    term.type('c')

    await basicRunPassed(term)
    expect(await term.exited).toBe(0)
  })

  test('test.fails that fails as meant passes without a pause; a failing test.concurrent pauses, a save fixes it, c → green', async () => {
    const { project, term } = start(
      runner,
      'vitest-basic',
      'vitest-reload',
      ['run', 'test/kinds.test.ts', '--reload-loop'],
      {
        prepare: (p) =>
          p.write(
            'test/kinds.test.ts',
            `import { expect, test } from 'vitest'
import { double } from '../src/math'

test.fails('fails as meant', () => {
  expect(double(2)).toBe(5)
})
test.concurrent('concurrent double', async () => {
  expect(double(2)).toBe(4)
})
test.concurrent('concurrent other', async () => {
  expect(1).toBe(1)
})
`,
          ),
      },
    )
    await term.waitFor(/PAUSED\s+concurrent double/)
    await term.waitFor(PROMPT)
    project.edit('src/math.ts', 'x * 3', 'x * 2')
    await term.waitFor('patched src/math.ts (updated double)')
    await term.waitFor(PROMPT)
    term.type('c')
    await term.waitFor(/Tests\s+(2 passed \| 1 expected fail|3 passed) \(3\)/) // 4.0 counts the expected fail as passed
    expect(term.text).not.toMatch(/PAUSED\s+fails as meant/)
    expect(await term.exited).toBe(0)
  })
})

const PAD_HELPER = "const pad = (n: number) => String(n).padStart(2, '0')\n\nexport"

async function pausedAt(t: Terminal, name: string) {
  await t.waitFor(new RegExp(`PAUSED\\s+${name}\\n`))
  await t.waitFor(PROMPT)
}

describe.each<RunnerName>(['vitest4', 'vitest5'])('%s', (runner) => {
  test('s keeps the failure and the next one pauses; q ends the run with a non-zero exit', async () => {
    const { term: t } = start(runner, 'vitest-failing', 'vitest-reload', ['run', 'test/a.test.ts', '--reload-loop'])
    await t.waitFor(/PAUSED\s+first failure/)
    await t.waitFor(PROMPT)
    t.type('$error.message')
    await t.waitFor(/expected 'apple' to be 'pear'/)
    t.type('nonsense)') // an unfinished `nonsense(` would continue on the next line, as in Node's REPL
    await t.waitFor(/SyntaxError/)
    t.type('h')
    await t.waitFor(/evaluate in the test process/)
    t.type('s')
    await t.waitFor(/PAUSED\s+second failure/)
    await t.waitFor(PROMPT)
    t.type('q')
    const code = await t.exited
    expect(code).not.toBe(0)
    expect(t.text).not.toMatch(/PAUSED\s+third failure/)
    expect(t.text).toMatch(/first failure/)
    expect(t.text).toMatch(/expected 'apple' to be 'pear'/)
  })

  test('two workers failing at once: one prompt at a time, each answer to its worker', async () => {
    const { term: t } = start(runner, 'vitest-failing', 'vitest-reload', [
      'run',
      '--reload-loop',
      '--maxWorkers=2',
      '-t',
      'first failure|b fails',
    ])
    const first = await t.waitFor(/PAUSED\s+(first failure|b fails)/)
    await t.waitFor(PROMPT)
    await new Promise((resolve) => setTimeout(resolve, 800)) // the other worker has failed by now, and waits
    expect(t.recent).not.toMatch(/PAUSED/)
    t.type('c') // re-run without a fix: this worker fails again, after the other worker's turn
    const second = await t.waitFor(/PAUSED\s+(first failure|b fails)/)
    expect(second[1]).not.toBe(first[1])
    await t.waitFor(PROMPT)
    t.type('s')
    await t.waitFor(new RegExp(`PAUSED\\s+${first[1]}\\n.*attempt 2`))
    await t.waitFor(PROMPT)
    expect(t.text.slice(t.text.lastIndexOf('attempt 2')).match(/AssertionError/g)).toHaveLength(1) // this attempt's error only
    t.type('s')
    await t.waitFor(/Tests\s+2 failed/)
    expect(await t.exited).toBe(1)
  })

  test('Ctrl-C at the prompt quits and gives the terminal back', async () => {
    const { term: t } = start(runner, 'vitest-failing', 'vitest-reload', ['run', 'test/a.test.ts', '--reload-loop'])
    await t.waitFor(/PAUSED\s+first failure/)
    await t.waitFor(PROMPT)
    t.press('\x03')
    await t.waitFor(/quit: the run ends now; the summary shows what ran/)
    expect(await t.exited).not.toBe(0)
    expect(t.text).not.toMatch(/PAUSED\s+second failure/)
    expect(t.rawTail(200)).toContain('\x1b[?25h') // the cursor is shown again
  })

  test('a worker that dies while paused is reported, and the run ends', async () => {
    const { term: t } = start(runner, 'vitest-failing', 'vitest-reload', ['run', 'test/a.test.ts', '--reload-loop'])
    await t.waitFor(/PAUSED\s+first failure/)
    const [, pid] = await t.waitFor(/attempt 1 · worker (\d+)/)
    await t.waitFor(PROMPT)
    process.kill(Number(pid), 'SIGKILL')
    await t.waitFor(new RegExp(`worker ${pid} exited while paused`))
    expect(await t.exited).not.toBe(0)
  })

  // one long session a person could have, on the default reload dir (the project): every kind of fix in a row
  test('every kind of fix, one after the other, in one run', async () => {
    const { project: p, term: t } = start(runner, 'vitest-scenarios', 'vitest-reload', ['run', '--reload-loop'])
    await t.waitFor('saves under . are patched') // default reload dir: the current directory

    // a body fix in one file and an instance method fix in another, both saved before `c`
    await pausedAt(t, 'double')
    p.edit('src/math.ts', 'x * 3', 'x * 2')
    await t.waitFor('patched src/math.ts (updated double)')
    t.type('double(21)') // the REPL: the project's exports are in scope, and already run the new code
    await t.waitFor(/double\(21\)\s+42\n/)
    p.edit('src/greeter.ts', 'Hi,', 'Hello,')
    await t.waitFor(/patched src\/greeter\.ts \(updated Greeter#greet\)/)
    t.type('c')

    // a top-level constant: assigned in place, and the reference captured before reads it
    await pausedAt(t, 'tax rate')
    expect(t.recent).not.toMatch(/PAUSED/) // captured reference, quadruple and the greeter passed on their own
    p.edit('src/pricing.ts', 'const RATE = 2', 'const RATE = 1.5')
    await t.waitFor('patched src/pricing.ts (updated RATE)')
    t.type('c')

    // a syntax error keeps the old code and the pause; then a fix that adds a helper
    await pausedAt(t, 'label')
    const format = p.read('src/format.ts')
    p.write('src/format.ts', format.replace(/\}\n$/, '')) // the closing brace is missing
    await t.waitFor(/error src\/format\.ts: [\s\S]*?Expected `}` but found `EOF`[\s\S]*?old code keeps running/)
    p.write('src/format.ts', format.replace('{n}', '{pad(n)}').replace('export', PAD_HELPER))
    await t.waitFor('patched src/format.ts (updated label; added pad)')
    t.type('c')

    // an async function, whose file is deleted first (as a rename does): reported, old code kept; then saved again
    await pausedAt(t, 'async load')
    const loader = p.read('src/loader.ts')
    p.remove('src/loader.ts')
    await t.waitFor('deleted src/loader.ts — old code keeps running')
    p.write('src/loader.ts', loader.replace('ok: false', 'ok: true'))
    await t.waitFor('patched src/loader.ts (updated load)')
    t.type('c')

    // the failing test's own body
    await pausedAt(t, 'the test itself')
    p.edit('test/loop.test.ts', 'expect(1 + 2).toBe(4)', 'expect(1 + 2).toBe(3)')
    await t.waitFor(/patched test\/loop\.test\.ts \(updated /)
    t.type('c')

    await t.waitFor(/Tests\s+9 passed \(9\)/)
    expect(t.text).toMatch(/✓ setup ran once/)
    expect(t.text).toMatch(/✓ tax rate .*\(retry x1\)/)
    expect(await t.exited).toBe(0)
  })
})

describe.each<RunnerName>(['jest30', 'jest29'])('%s', (runner) => {
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
})

// Turned off: one line says why, and the run is the runner's normal run.

interface OffSubject {
  runner: RunnerName
  fixture: string
  bin: string
  args: string[]
  /** Extra arguments for the CI run, and the exit code they give it. */
  ciArgs: string[]
  ciExit: number
  /** The summary of the normal, failing run. */
  failed: RegExp
}

const vitestOff = (runner: RunnerName): OffSubject => ({
  runner,
  fixture: 'vitest-failing',
  bin: 'vitest-reload',
  args: ['run', '--reload-loop'],
  ciArgs: [],
  ciExit: 1,
  failed: /Tests\s+4 failed \| 1 passed/,
})

const jestOff = (runner: RunnerName): OffSubject => ({
  runner,
  fixture: 'jest-babel',
  bin: 'jest-reload',
  args: ['--reload-loop'],
  // Jest's own exit code, from an argument that goes through to Jest
  ciArgs: ['--reload-dir', 'src', '--testFailureExitCode', '7'],
  ciExit: 7,
  failed: /Tests:\s+3 failed, 3 total/,
})

describe.each([vitestOff('vitest4'), vitestOff('vitest5'), jestOff('jest30'), jestOff('jest29')])(
  '$runner, turned off',
  (s) => {
    test("with CI set: one line, a normal failing run with the runner's exit code, no prompt", async () => {
      const { term } = start(s.runner, s.fixture, s.bin, [...s.args, ...s.ciArgs], { env: { CI: 'true' } })
      expect(await term.exited).toBe(s.ciExit)
      expect(count(term.text, 'reload loop off')).toBe(1)
      expect(term.text).toContain('[mighty-patcher] reload loop off: CI detected — tests run normally')
      expect(term.text).not.toContain('PAUSED')
      expect(term.text).toMatch(s.failed)
    })

    test('with stdin not a terminal: one line, never waits for input', async () => {
      const project = new Project(s.runner, s.fixture)
      try {
        const { code, output } = await runWithoutTerminal(project, project.bin(s.bin), s.args)
        expect(code).toBe(1)
        expect(count(output, 'reload loop off')).toBe(1)
        expect(output).toContain('reload loop off: stdin is not a TTY')
        expect(output).not.toContain('PAUSED')
        expect(output).toMatch(s.failed)
      } finally {
        project.remove()
      }
    })
  },
)

describe.each<RunnerName>(['jest30', 'jest29'])('%s, turned off', (runner) => {
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
})

/**
 * Stdin from /dev/null, output to pipes (without colour codes): how CI or an editor's task runner starts the command.
 * The runner package's bins come first on PATH, as in a terminal (vitest5 brings its own Node).
 */
function runWithoutTerminal(
  project: Project,
  command: string,
  args: string[],
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, ...project.env() }
    for (const key of Object.keys(env)) if (/^(VITEST.*|NODE_OPTIONS|CI|JEST_WORKER_ID)$/.test(key)) delete env[key]
    const child = spawn(command, args, {
      cwd: project.dir,
      env,
      stdio: [openSync('/dev/null', 'r'), 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`still running after 60 s (waiting for input?)\n${output}`))
    }, 60_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, output: stripAnsi(output) })
    })
  })
}
