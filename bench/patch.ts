// Save → patched on a real-size project (bench/fixtures/real-size: a module of 30 functions, 301 tests, one failing),
// per runner and transform as projects configure them, with a small heap and with a 400 MB test heap, side by side
// with the runner's own watch mode (save → result) on the same project. Each save's per-phase breakdown comes from the
// session's timings line (MIGHTY_PATCHER_TIMINGS=1).
// Run: `npx -y pnpm@10.34.9 bench` (prints tables, writes bench/results/patch.json).
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Project, type RunnerName } from '../e2e/harness/project.js'
import type { Terminal } from '../e2e/harness/terminal.js'

const FIXTURE = '../../bench/fixtures/real-size'
const SAVES = Number(process.env.BENCH_SAVES ?? 7)
const WATCH_SAVES = 3
const PROMPT = /c continue · s skip · q quit/
const PHASES = ['watcher', 'transform', 'analyse', 'apply', 'channel'] as const

/** The three edits a person makes most: a body, a top-level constant, a new helper an existing function calls. */
const EDITS = {
  body: (source: string, i: number) => source.replace('LIMIT + 0', `LIMIT + ${i}`),
  constant: (source: string, i: number) => source.replace('VERSION = 1', `VERSION = ${i + 1}`),
  'new helper': (source: string, i: number) =>
    `${source.replace('LIMIT + 0', `LIMIT + extra${i}()`)}\nfunction extra${i}(): number {\n  return ${i}\n}\n`,
}
type Edit = keyof typeof EDITS

interface Config {
  runner: RunnerName
  label: string
  transform?: 'ts-jest' | 'ts-jest-isolated' | 'babel-jest'
  heapMb: number
}

const CONFIGS: Config[] = [
  { runner: 'vitest4', label: 'Vitest 4.1', heapMb: 0 },
  { runner: 'vitest4', label: 'Vitest 4.1', heapMb: 400 },
  { runner: 'vitest4-node26', label: 'Vitest 4.1 on Node 26', heapMb: 0 },
  { runner: 'jest30', label: 'Jest 30', transform: 'ts-jest', heapMb: 0 },
  { runner: 'jest30', label: 'Jest 30', transform: 'ts-jest', heapMb: 400 },
  { runner: 'jest30-node26', label: 'Jest 30 on Node 26', transform: 'ts-jest', heapMb: 0 },
  { runner: 'jest30', label: 'Jest 30', transform: 'ts-jest-isolated', heapMb: 0 },
  { runner: 'jest30', label: 'Jest 30', transform: 'babel-jest', heapMb: 0 },
  { runner: 'jest29', label: 'Jest 29.7', transform: 'ts-jest', heapMb: 0 },
  { runner: 'jest29', label: 'Jest 29.7', transform: 'ts-jest-isolated', heapMb: 0 },
  { runner: 'jest29', label: 'Jest 29.7', transform: 'babel-jest', heapMb: 0 },
]

interface Save {
  ms: number
  phases: Record<string, number>
}

const isJest = (config: Config) => config.runner.startsWith('jest')
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!

function env(config: Config) {
  return {
    BENCH_TRANSFORM: config.transform,
    BENCH_HEAP_MB: String(config.heapMb),
    BENCH_SETUP_MS: '0',
    MIGHTY_PATCHER_TIMINGS: '1',
  }
}

async function heapOfTestProcess(term: Terminal): Promise<number> {
  term.type('`heap=$' + '{process.memoryUsage().heapUsed}`') // a template string for the test process's REPL
  const [, bytes] = await term.waitFor(/heap=(\d+)/)
  await term.waitFor(PROMPT)
  return Number(bytes)
}

async function reloadLoop(config: Config) {
  const project = new Project(config.runner, FIXTURE)
  const original = project.read('src/url.ts')
  const term = isJest(config)
    ? project.terminal('jest-reload', ['--reload-loop', '--reload-dir', 'src'], env(config))
    : project.terminal('vitest-reload', ['run', '--reload-loop', '--reload-dir', 'src'], env(config))
  try {
    await term.waitFor(/PAUSED\s+the failing test/, 120_000)
    await term.waitFor(PROMPT)
    const heap = await heapOfTestProcess(term)
    const saves = {} as Record<Edit, Save[]>
    let n = 0
    for (const edit of Object.keys(EDITS) as Edit[]) {
      saves[edit] = []
      for (let i = 1; i <= SAVES; i++) {
        n++
        const start = performance.now()
        project.write('src/url.ts', EDITS[edit](original, n))
        await term.waitFor(/patched src\/url\.ts/, 30_000)
        const ms = performance.now() - start
        const [, line] = await term.waitFor(/timings \(ms\): ([^\n]*)/)
        await term.waitFor(PROMPT)
        const phases = Object.fromEntries(
          [...line!.matchAll(/([a-z -]+?) (\d+)(?: ·|$)/g)].map(([, name, value]) => [name!.trim(), Number(value)]),
        )
        saves[edit].push({ ms, phases })
      }
    }
    term.type('q')
    await Promise.race([term.exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
    return { heap, saves }
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- screen ---\n${term.recent}`)
  } finally {
    term.kill()
    project.remove()
  }
}

/** The runner's own watch mode on the same project: save → the re-run's summary. */
async function watchMode(config: Config): Promise<number[]> {
  const project = new Project(config.runner, FIXTURE)
  const original = project.read('src/url.ts')
  const term = isJest(config)
    ? project.terminal('jest', ['--watchAll'], env(config))
    : project.terminal('vitest', [], env(config))
  const summary = /Tests:?\s+.*1 failed/
  try {
    await term.waitFor(summary, 120_000)
    await settle(term, 2000) // the runner's file watcher starts after the first run
    const times: number[] = []
    for (let i = 1; i <= WATCH_SAVES; i++) {
      const start = performance.now()
      project.write('src/url.ts', EDITS.body(original, i))
      await term.waitFor(summary, 60_000)
      times.push(performance.now() - start)
      await settle(term, 1000)
    }
    return times
  } finally {
    term.kill()
    project.remove()
  }
}

/** Waits, then takes everything on screen as seen: Jest redraws its summary, and a redraw is not a new run. */
async function settle(term: Terminal, ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms))
  await term.waitFor(/[\s\S]*$/)
}

const rows: Record<string, string | number>[] = []
const results: unknown[] = []
const only = process.env.BENCH_ONLY // e.g. "Jest 30" to run a subset
for (const config of CONFIGS) {
  const name = `${config.label}${config.transform ? ` + ${config.transform}` : ''}`
  if (only && !name.includes(only)) continue
  const loop = await reloadLoop(config)
  const watch = await watchMode(config)
  const watchMs = median(watch)
  for (const [edit, saves] of Object.entries(loop.saves)) {
    const times = saves.map((s) => s.ms)
    const p50 = median(times)
    rows.push({
      runner: name,
      'heap MB': Math.round(loop.heap / 1024 / 1024),
      edit,
      p50: Math.round(p50),
      p95: Math.round(percentile(times, 95)),
      ...Object.fromEntries(PHASES.map((phase) => [phase, Math.round(median(saves.map((s) => s.phases[phase] ?? 0)))])),
      'watch mode': Math.round(watchMs),
      'vs watch': `${(watchMs / p50).toFixed(1)}×`,
    })
  }
  results.push({ ...config, name, heapBytes: loop.heap, saves: loop.saves, watch })
  console.error(`${name}, heap ${Math.round(loop.heap / 1024 / 1024)} MB: done`)
}

const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, platform: process.platform }
console.log(
  `\nsave → patched (ms) on a real-size project, ${SAVES} saves per edit, p50 and p95; phases are medians; ` +
    `watch mode = the runner's own save → result, median of ${WATCH_SAVES}; ${machine.cores} cores, Node ${machine.node}`,
)
console.table(rows)
const out = path.join(import.meta.dirname, 'results')
mkdirSync(out, { recursive: true })
writeFileSync(path.join(out, 'patch.json'), `${JSON.stringify({ machine, saves: SAVES, results }, null, 2)}\n`)
