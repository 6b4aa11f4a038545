import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import type { Project, RunnerName } from './harness/project.js'
import { answered, PROMPT, type StartOptions, useTerminal } from './harness/session.js'
import type { Terminal } from './harness/terminal.js'

// What must hold when the person does something unexpected at a pause, on both runners: Ctrl-D and Ctrl-U at the
// prompt, an evaluation or a save whose top level never finishes (and, on Vitest's threads pool, an evaluation Ctrl-C
// must not answer with a signal to Vitest), an error thrown later by a typed line, Jest's status redraw, a run killed
// while paused, a dumb terminal. Each runner pauses at its first failing test; `double` (src/math.ts) is in scope at
// the prompt.

interface Subject {
  runner: RunnerName
  fixture: string
  bin: string
  args: string[]
  paused: RegExp
}

const SUBJECTS: Subject[] = [
  {
    runner: 'vitest4',
    fixture: 'vitest-basic',
    bin: 'vitest-reload',
    args: ['run', 'test/math.test.ts', '--reload-loop'],
    paused: /PAUSED.*math > double/,
  },
  {
    runner: 'jest30',
    fixture: 'jest-ts',
    bin: 'jest-reload',
    args: ['--reload-loop', '--reload-dir', 'src'],
    paused: /PAUSED.*math › doubles/,
  },
]

const QUIT = 'quit: the run ends now; the summary shows what ran'
const start = useTerminal()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** `line` typed at the prompt, then Ctrl-C while it runs: what is `said`, and the prompt is back. */
async function ctrlCAt(term: Terminal, line: string, said: RegExp | string): Promise<void> {
  term.type(line)
  await sleep(500)
  term.press('\x03')
  await term.waitFor(said)
  await term.waitFor(PROMPT)
}

/** `while (true) {}` typed at the prompt, then Ctrl-C: the evaluation is broken off and the prompt is back. */
const spinThenCtrlC = (term: Terminal) =>
  ctrlCAt(term, 'while (true) {}', /Interrupted: evaluation cancelled \(Ctrl-C\)|Error: Script execution interrupted/)

async function pausedRun(s: Subject, options?: StartOptions): Promise<{ project: Project; term: Terminal }> {
  const run = start(s.runner, s.fixture, s.bin, s.args, options)
  await run.term.waitFor(s.paused)
  await run.term.waitFor(PROMPT)
  return run
}

describe.each(SUBJECTS)('$runner', (s) => {
  test('Ctrl-D keeps the prompt alive: with text it says how to quit, on an empty line it quits; Ctrl-U clears; `throw 1` is no value', async () => {
    const { term } = await pausedRun(s)
    term.press('dou')
    term.press('\x04')
    await term.waitFor('Ctrl-D on an empty line quits')
    await term.waitFor(PROMPT)
    term.press('\x15') // Ctrl-U: what was typed is gone, not replayed into the next line
    await answered(term, '40 + 2', /\n\s*42\n/)
    expect(term.text).not.toMatch(/dou40/)
    term.type('throw 1') // a thrown value is no result
    await term.waitFor('Uncaught 1')
    await term.waitFor(PROMPT)
    term.press('\x04')
    await term.waitFor(QUIT)
    expect(await term.exited).not.toBe(0)
  })

  test('Ctrl-C cancels an evaluation that never settles, or never ends; saves made meanwhile are told and patched', async () => {
    const { project, term } = await pausedRun(s)
    term.type('new Promise(() => {})')
    await sleep(500)
    project.edit('src/math.ts', 'x * 3', 'x * 2')
    await term.waitFor('saved: patched when this evaluation ends — Ctrl-C cancels it')
    term.press('\x03')
    await term.waitFor('evaluation cancelled (Ctrl-C)')
    await term.waitFor('patched src/math.ts (updated double)')
    await term.waitFor(PROMPT)
    await answered(term, 'double(21)', /\n\s*42\n/)

    await spinThenCtrlC(term)
    await answered(term, 'double(5)', /\n\s*10\n/)
    expect(term.text).not.toContain(QUIT) // the run goes on: Ctrl-C was the evaluation's
    term.type('q')
    expect(await term.exited).not.toBe(0)
  })

  test('Ctrl-C at code busy after an await is said; saves and c wait, and q ends the run within seconds, stopping the test process', async () => {
    const { project, term } = await pausedRun(s)
    term.type('await null; while (true) {}')
    await sleep(500)
    term.press('\x03')
    await term.waitFor(
      'evaluation not stopped (Ctrl-C): it keeps the test process busy — q ends the run and stops that process',
    )
    await term.waitFor(PROMPT)
    project.edit('src/math.ts', 'x * 3', 'x * 2') // not patched into a process that reads nothing: no line hangs on it
    await answered(term, 'c', 'the test process is still running what you typed, so it can neither patch nor go on')
    expect(term.text).not.toContain('patched src/math.ts')
    term.type('q')
    if (s.runner.startsWith('jest')) {
      // Jest's test thread is this process's main thread: only ending the process ends that code
      await term.waitFor(
        'the test thread is still busy with what you typed: this process ends now, without the summary',
      )
    } else {
      await term.waitFor(
        /stopped the test process \(pid \d+\), still busy with what you typed: its file is reported as failed/,
      )
      await term.waitFor(/Worker forks emitted error|Worker exited unexpectedly/, 20_000) // Vitest's report, within seconds
    }
    expect(await term.exited).not.toBe(0)
  })

  test('a save whose top level never finishes is named, and Ctrl-C cancels that patch; the old code keeps running, and the next save patches', async () => {
    const { project, term } = await pausedRun(s)
    // Vitest's module top level may await; Jest's cannot, but it can spin (a busy thread reads no channel)
    const hang = s.runner.startsWith('vitest') ? 'await new Promise(() => {})' : 'let spin = true\nwhile (spin) {}'
    project.write('src/math.ts', `${hang}\nexport function double(x: number): number {\n  return x * 2\n}\n`)
    await term.waitFor(
      /still patching src\/math\.ts after 3 s: its top level has not finished \(src\/math\.ts, line 1\) — Ctrl-C cancels/,
    )
    term.press('\x03')
    await term.waitFor(/error src\/math\.ts: its top level did not finish: re-run cancelled \(Ctrl-C\) — old code/)
    await term.waitFor(PROMPT)
    expect(term.text).not.toContain(QUIT)
    term.type('c') // the test runs the old code: it fails as before
    await term.waitFor(s.paused)
    await term.waitFor('attempt 2')
    await term.waitFor(s.runner.startsWith('vitest') ? 'expected 6 to be 4' : 'Received: 6')
    await term.waitFor(PROMPT)
    // after the cancel the module is whole: the next save patches it, and the re-run runs it (never silently stale)
    project.write('src/math.ts', 'export function double(x: number): number {\n  return x * 2\n}\n')
    await term.waitFor(/patched src\/math\.ts \(/)
    await term.waitFor(PROMPT)
    await answered(term, 'double(21)', /\n\s*42\n/)
    term.type('c') // the fixed test passes: the next pause is another test's
    const [next] = await term.waitFor(/PAUSED[^\n]*/)
    expect(next).not.toMatch(s.paused)
    await term.waitFor(PROMPT)
    term.type('q')
    expect(await term.exited).not.toBe(0)
  })

  test('nothing typed is lost to a save: the line typed before it comes back, and an Enter pressed while it is patched answers it', async () => {
    const { project, term } = await pausedRun(s)
    term.press('double(2)')
    await term.waitFor('double(2)')
    // a top level that takes 4 s: the Enter lands while the patch runs
    project.write(
      'src/math.ts',
      'const until = Date.now() + 4000\nwhile (Date.now() < until) {}\nexport function double(x: number): number {\n  return x * 2\n}\n',
    )
    await term.waitFor(/still patching src\/math\.ts after 3 s/)
    term.press('\r')
    await term.waitFor(/patched src\/math\.ts \(/)
    await term.waitFor(/double\(2\)\s*\n\s*4\n/)
    await term.waitFor(PROMPT)
    term.type('q')
    expect(await term.exited).not.toBe(0)
  })

  test('Ctrl-Z at the prompt suspends the whole job, as the shell expects; `fg` brings the prompt back, and it answers', async () => {
    const { term } = await pausedRun(s, { underShell: true })
    term.press('\x1a')
    // the shell says so only when every process of the job stopped (before, only node did: npm, here `sh -c`, kept
    // the foreground and the terminal froze)
    await term.waitFor(/Stopped/)
    await term.waitFor('shell$ ')
    term.press('fg\r')
    await term.waitFor(PROMPT)
    await answered(term, '20 + 22', /\n\s*42\n/)
    term.type('q')
    await term.waitFor('shell$ ')
    term.press('exit $?\r')
    expect(await term.exited).not.toBe(0)
  })

  test('a reload dir reached through a symlink (src -> ../elsewhere): saves are patched, the re-run passes', async () => {
    const real = mkdtempSync(path.join(os.tmpdir(), 'mp-real-src-'))
    try {
      const { project, term } = await pausedRun(
        {
          ...s,
          args: [
            ...s.args.filter((a, i, all) => a !== '--reload-dir' && all[i - 1] !== '--reload-dir'),
            '--reload-dir',
            'src',
          ],
        },
        {
          prepare(p) {
            cpSync(p.path('src'), real, { recursive: true })
            rmSync(p.path('src'), { recursive: true })
            symlinkSync(real, p.path('src'))
          },
        },
      )
      project.edit('src/math.ts', 'x * 3', 'x * 2')
      await term.waitFor(/patched \S*math\.ts \(updated double\)/)
      await term.waitFor(PROMPT)
      term.type('c') // the fixed test passes: the next pause is another test's
      const [next] = await term.waitFor(/PAUSED[^\n]*/)
      expect(next).not.toMatch(s.paused)
      await term.waitFor(PROMPT)
      term.type('q')
      expect(await term.exited).not.toBe(0)
    } finally {
      rmSync(real, { recursive: true, force: true })
    }
  })

  test.each(['SIGTERM', 'SIGHUP'] as const)('%s while paused gives the cursor back', async (signal) => {
    const { term } = await pausedRun(s)
    process.kill(term.pid, signal) // the runner's main process

    await term.exited
    const raw = term.raw
    expect(raw.lastIndexOf('\x1b[?25l')).toBeGreaterThan(-1) // the prompt did hide it
    expect(raw.lastIndexOf('\x1b[?25h')).toBeGreaterThan(raw.lastIndexOf('\x1b[?25l'))
  })

  test('an error thrown later by what was typed at the prompt: the run goes on, then reports it, the cursor is back', async () => {
    const { term } = await pausedRun(s)
    // uncaught in the test process (Jest: the process that owns the terminal); the runner's handler takes it
    term.type("setTimeout(() => { throw new Error('boom at the prompt') })")
    await term.waitFor(PROMPT)
    await sleep(1000)
    await answered(term, '40 + 2', /\n\s*42\n/)
    term.type('q')
    await term.waitFor(QUIT)
    await term.waitFor('boom at the prompt')
    expect(await term.exited).not.toBe(0)
    const raw = term.raw
    expect(raw.lastIndexOf('\x1b[?25l')).toBeGreaterThan(-1)
    expect(raw.lastIndexOf('\x1b[?25h')).toBeGreaterThan(raw.lastIndexOf('\x1b[?25l'))
  })

  test('TERM=dumb: the prompt is plain lines, no cursor or colour codes; Ctrl-C cancels an evaluation, the run goes on', async () => {
    const { term } = start(s.runner, s.fixture, s.bin, s.args, {
      env: { TERM: 'dumb', NO_COLOR: '1', FORCE_COLOR: undefined },
    })
    await term.waitFor(s.paused)
    const from = term.raw.lastIndexOf('PAUSED')
    await term.waitFor(PROMPT)
    await answered(term, '40 + 2', /\n\s*42\n/)
    expect(JSON.stringify(term.raw.slice(from))).not.toContain('\\u001b')
    // the terminal stays cooked: its Ctrl-C is a signal to the whole job, and only the evaluation takes it
    await ctrlCAt(term, 'new Promise(() => {})', 'evaluation cancelled (Ctrl-C)')
    await answered(term, '40 + 3', /\n\s*43\n/)
    term.type('q')
    await term.waitFor(QUIT)
    expect(await term.exited).not.toBe(0)
  })
})

describe('vitest4', () => {
  const s = SUBJECTS[0]!
  test("SIGTERM while paused leaves none of Vitest's temp folders behind", async () => {
    let tmp = ''
    const env: Record<string, string> = {}
    const { term } = await pausedRun(s, {
      prepare(project) {
        tmp = path.join(project.dir, '.tmp-os')
        mkdirSync(tmp)
        env.TMPDIR = tmp
      },
      env,
    })
    expect(readdirSync(tmp)).not.toEqual([]) // Vitest made its folders here
    process.kill(term.pid, 'SIGTERM')
    await term.exited
    // what stays is our cache of instrumented modules, kept across runs on purpose (as Jest keeps its transforms)
    expect(readdirSync(tmp)).toEqual(['mighty-patcher'])
  })
})

describe('vitest4, threads pool', () => {
  // the test runs on a worker thread of Vitest's own process: a SIGINT would reach Vitest, never the test
  const s = { ...SUBJECTS[0]!, args: [...SUBJECTS[0]!.args, '--pool=threads'] }
  test('Ctrl-C cancels an evaluation that never settles or spins, and one busy after an await; q ends the run', async () => {
    const { term } = await pausedRun(s)
    await ctrlCAt(term, 'new Promise(() => {})', 'Interrupted: evaluation cancelled (Ctrl-C)')
    await spinThenCtrlC(term)
    await answered(term, 'double(5)', /\n\s*15\n/)

    // busy after an await: no signal breaks in, the inspector ends it on its thread
    await ctrlCAt(term, 'await null; while (true) {}', 'evaluation stopped (Ctrl-C): the test process ended it')
    await answered(term, 'double(5)', /\n\s*15\n/)
    expect(term.text).not.toContain(QUIT) // the run went on: every Ctrl-C was an evaluation's
    term.type('q')
    await term.waitFor(QUIT)
    expect(await term.exited).not.toBe(0)
  })
})

describe('jest30', () => {
  const s = SUBJECTS[1]!
  test("Jest's status redraw erases nothing of ours: the prompt and the lines of a save stay on screen", async () => {
    // the status must have been drawn before the pause (Jest draws it once a test file runs for a while)
    const slowSetup = 'beforeAll(() => new Promise((resolve) => setTimeout(resolve, 2500)))\nlet setupRuns = 0'
    const { project, term } = await pausedRun(s, {
      prepare: (p) => p.edit('test/loop.test.ts', 'let setupRuns = 0', slowSetup),
    })
    expect(term.text).toContain('RUNS')
    const from = term.raw.length
    await sleep(2500) // Jest's status ticks every second
    project.edit('src/math.ts', 'x * 3', 'x * 2')
    await term.waitFor('patched src/math.ts (updated double)')
    await term.waitFor(PROMPT)
    await sleep(2500)
    expect(term.raw.slice(from)).not.toContain('\r\x1b[K\r\x1b[1A') // its clear: a line up, erased
    term.type('q')
    expect(await term.exited).not.toBe(0)
  })
})
