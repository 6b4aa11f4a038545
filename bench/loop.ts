// Fix-iteration benchmark: one iteration = save the fix → the failing test is seen green. Side by side, on the same
// fixture: the reload loop (save → patched → c → green, through the PTY harness), the runner's watch mode (save →
// re-run result) and a cold run after the fix. With a 2 s beforeAll and with a free one.
// Run: `npx -y pnpm@10.34.9 bench` (prints a table, writes bench/results/loop.json).
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Project } from '../e2e/harness/project.js'

const ITERATIONS = 5
const FIXTURES = { vitest4: '../../bench/fixtures/vitest-iter', jest30: '../../bench/fixtures/jest-iter' }
const PROMPT = /c continue · s skip · q quit/

type Mode = 'reload loop' | 'watch mode' | 'cold run'
type Runner = keyof typeof FIXTURES
const isJest = (runner: Runner) => runner === 'jest30'
interface Row {
  runner: string
  setupMs: number
  mode: Mode
  iterations: number[]
  median: number
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const fix = (project: Project, i: number) => project.edit(`src/f${i}.ts`, 'x + 100', 'x + 1')

async function reloadLoop(runner: Runner, setupMs: number): Promise<number[]> {
  const project = new Project(runner, FIXTURES[runner])
  const env = { BENCH_SETUP_MS: String(setupMs) }
  const term = isJest(runner)
    ? project.terminal('jest-reload', ['--reload-loop', '--reload-dir', 'src'], env)
    : project.terminal('vitest-reload', ['run', '--reload-loop', '--reload-dir', 'src', '--reporter=verbose'], env)
  try {
    const times: number[] = []
    for (let i = 1; i <= ITERATIONS; i++) {
      await term.waitFor(new RegExp(`PAUSED\\s+t${i}\\n`))
      await term.waitFor(PROMPT)
      const start = performance.now()
      fix(project, i)
      await term.waitFor(`patched src/f${i}.ts`)
      term.type('c') // a person's typing is not machine time: `c` goes in the moment the patch line shows
      // green: its ✓ line, the run moving on to the next pause (reporters print ✓ lines in batches), or the summary
      await term.waitFor(new RegExp(`✓ .*t${i}\\b|PAUSED\\s+t${i + 1}\\n|Tests:?\\s+\\d+ passed`), 60_000, {
        advance: false,
      })
      times.push(performance.now() - start)
    }
    await term.exited
    return times
  } finally {
    term.kill()
    project.remove()
  }
}

async function watchMode(runner: Runner, setupMs: number): Promise<number[]> {
  const project = new Project(runner, FIXTURES[runner])
  const env = { BENCH_SETUP_MS: String(setupMs) }
  const term = isJest(runner)
    ? project.terminal('jest', ['--watchAll', '--verbose'], env)
    : project.terminal('vitest', ['--reporter=verbose'], env)
  try {
    await term.waitFor(/Tests:?\s+5 failed/)
    await new Promise((resolve) => setTimeout(resolve, 2000)) // the runner's file watcher starts after the first run
    const times: number[] = []
    for (let i = 1; i <= ITERATIONS; i++) {
      await term.waitFor(/press q to quit|Watching for file changes|Watch Usage/)
      const start = performance.now()
      fix(project, i)
      await term.waitFor(new RegExp(`✓ .*t${i}\\b`))
      times.push(performance.now() - start)
      await term.waitFor(/Tests:?\s+/)
    }
    term.press('q') // the runner may be mid-run and not take it: the terminal is killed below anyway
    await Promise.race([term.exited, new Promise((resolve) => setTimeout(resolve, 5000))])
    return times
  } finally {
    term.kill()
    project.remove()
  }
}

async function coldRun(runner: Runner, setupMs: number): Promise<number[]> {
  const project = new Project(runner, FIXTURES[runner])
  try {
    const times: number[] = []
    for (let i = 1; i <= ITERATIONS; i++) {
      fix(project, i)
      const start = performance.now()
      const code = await new Promise<number | null>((resolve) => {
        const [bin, ...args] = isJest(runner) ? ['jest', '-t', `^t${i}$`] : ['vitest', 'run', '-t', `^t${i}$`]
        const child = spawn(project.bin(bin!), args, {
          cwd: project.dir,
          env: { ...process.env, ...project.env(), CI: 'true', BENCH_SETUP_MS: String(setupMs) },
          stdio: 'ignore',
        })
        child.on('exit', resolve)
      })
      times.push(performance.now() - start)
      if (code !== 0) throw new Error(`cold run of t${i} exited ${code}`)
    }
    return times
  } finally {
    project.remove()
  }
}

const modes: [Mode, typeof reloadLoop][] = [
  ['reload loop', reloadLoop],
  ['watch mode', watchMode],
  ['cold run', coldRun],
]

const rows: Row[] = []
const only = process.env.BENCH_ONLY // e.g. "jest" to run a subset
const RUNNERS: [Runner, string][] = [
  ['vitest4', 'vitest 4.1'],
  ['jest30', 'jest 30 + ts-jest (default preset, type-checked)'],
]
for (const [runner, label] of RUNNERS.filter(([, label]) => !only || label.includes(only)))
  for (const setupMs of [2000, 0])
    for (const [mode, run] of modes) {
      const iterations = await run(runner, setupMs)
      rows.push({ runner: label, setupMs, mode, iterations, median: median(iterations) })
      console.error(`${label}, ${mode} (setup ${setupMs} ms): ${iterations.map((t) => t.toFixed(0)).join(', ')} ms`)
    }

const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, platform: process.platform }
console.log(
  `\nfix iteration (save → test green), median of ${ITERATIONS}; ${machine.cores} cores, Node ${machine.node}`,
)
console.table(
  rows.map((r) => {
    const loop = rows.find((o) => o.runner === r.runner && o.setupMs === r.setupMs && o.mode === 'reload loop')!
    return {
      runner: r.runner,
      setup: `${r.setupMs} ms`,
      mode: r.mode,
      'median ms': Math.round(r.median),
      'vs loop': r.mode === 'reload loop' ? '' : `${(r.median / loop.median).toFixed(1)}×`,
    }
  }),
)
const out = path.join(import.meta.dirname, 'results')
mkdirSync(out, { recursive: true })
writeFileSync(path.join(out, 'loop.json'), `${JSON.stringify({ machine, iterations: ITERATIONS, rows }, null, 2)}\n`)
