import { spawnSync } from 'node:child_process'
import { describe, expect, onTestFinished, test } from 'vitest'
import { Project, type RunnerName } from './harness/project.js'
import { PROMPT, useTerminal } from './harness/session.js'

// Skip, quit, the REPL, two workers at once, and the loop turning itself off where nobody can answer.

const start = useTerminal()

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

  test('CI set: one line says the loop is off, the run is a normal run', async () => {
    const { term: t } = start(runner, 'vitest-failing', 'vitest-reload', ['run', '--reload-loop'], {
      env: { CI: 'true' },
    })
    expect(await t.exited).toBe(1)
    expect(t.text).toMatch(/reload loop off: CI detected/)
    expect(t.text.match(/reload loop off/g)).toHaveLength(1)
    expect(t.text).not.toMatch(/PAUSED/)
    expect(t.text).toMatch(/Tests\s+4 failed \| 1 passed/)
  })

  test('stdin not a terminal: off, and never waits for input', () => {
    const project = new Project(runner, 'vitest-failing')
    onTestFinished(() => project.remove())
    const env: Record<string, string | undefined> = { ...process.env, ...project.env() }
    for (const key of Object.keys(env)) if (/^(VITEST.*|NODE_OPTIONS|CI)$/.test(key)) delete env[key]
    const run = spawnSync(project.bin('vitest-reload'), ['run', '--reload-loop'], {
      cwd: project.dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(/reload loop off: stdin is not a TTY/)
    expect(run.stdout).not.toMatch(/PAUSED/)
  })
})

test.each<RunnerName>(['vitest4', 'vitest40-node24', 'vitest5'])(
  '%s: test.fails that fails as meant passes without a pause; a failing test.concurrent pauses, a save fixes it, c → green',
  async (runner) => {
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
  },
)
