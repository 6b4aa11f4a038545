// Fix-iteration benchmark: one iteration = save the fix → the failing test is seen green. Side by side, on the same
// fixture: the reload loop (save → patched → c → green, through the PTY harness), the runner's watch mode (save →
// re-run result) and a cold run after the fix. With a 2 s beforeAll and with a free one.
// Run: `npx -y pnpm@10.34.9 bench` (prints a table, writes bench/results/loop.json).
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Project, type RunnerName } from '../e2e/harness/project.js'
import type { Terminal } from '../e2e/harness/terminal.js'

const ITERATIONS = 5
const FIXTURE = '../../bench/fixtures/vitest-iter'
const PROMPT = /c continue · s skip · q quit/

type Mode = 'reload loop' | 'watch mode' | 'cold run'
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

async function reloadLoop(runner: RunnerName, setupMs: number): Promise<number[]> {
  const project = new Project(runner, FIXTURE)
  const term = project.terminal(
    'vitest-reload',
    ['run', '--reload-loop', '--reload-dir', 'src', '--reporter=verbose'],
    {
      BENCH_SETUP_MS: String(setupMs),
    },
  )
  try {
    const times: number[] = []
    for (let i = 1; i <= ITERATIONS; i++) {
      await term.waitFor(new RegExp(`PAUSED\\s+t${i}\\n`))
      await term.waitFor(PROMPT)
      const start = performance.now()
      fix(project, i)
      await term.waitFor(`patched src/f${i}.ts`)
      term.type('c') // a person's typing is not machine time: `c` goes in the moment the patch line shows
      // green: its ✓ line, or the run moving on to the next pause (the reporter prints ✓ lines in batches)
      await term.waitFor(new RegExp(`✓ .*t${i}\\b|PAUSED\\s+t${i + 1}\\n`), 60_000, { advance: false })
      times.push(performance.now() - start)
    }
    await term.exited
    return times
  } finally {
    term.kill()
    project.remove()
  }
}

async function watchMode(runner: RunnerName, setupMs: number): Promise<number[]> {
  const project = new Project(runner, FIXTURE)
  const term = project.terminal('vitest', ['--reporter=verbose'], { BENCH_SETUP_MS: String(setupMs) })
  try {
    await term.waitFor(/Tests\s+5 failed/)
    const times: number[] = []
    for (let i = 1; i <= ITERATIONS; i++) {
      await term.waitFor(/press q to quit|Watching for file changes/)
      const start = performance.now()
      fix(project, i)
      await term.waitFor(new RegExp(`✓ .*t${i}\\b`))
      times.push(performance.now() - start)
      await term.waitFor(/Tests\s+/)
    }
    term.press('q')
    await term.exited
    return times
  } finally {
    term.kill()
    project.remove()
  }
}

async function coldRun(runner: RunnerName, setupMs: number): Promise<number[]> {
  const project = new Project(runner, FIXTURE)
  try {
    const times: number[] = []
    for (let i = 1; i <= ITERATIONS; i++) {
      fix(project, i)
      const start = performance.now()
      const code = await new Promise<number | null>((resolve) => {
        const child = spawn(project.bin('vitest'), ['run', '-t', `^t${i}$`], {
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
for (const setupMs of [2000, 0])
  for (const [mode, run] of modes) {
    const iterations = await run('vitest4', setupMs)
    rows.push({ runner: 'vitest 4.1', setupMs, mode, iterations, median: median(iterations) })
    console.error(`${mode} (setup ${setupMs} ms): ${iterations.map((t) => t.toFixed(0)).join(', ')} ms`)
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
