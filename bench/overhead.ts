// Cost when nothing fails: a project of 300 modules (classes, factories, closures, calls between modules) and 200
// passing tests that call into them in hot loops, run with the loop on but never paused against the plain runner —
// start-up, the engine instrumenting every module as it loads, and the per-call check, all in the wall time.
// Run: `npx -y pnpm@10.34.9 bench` (prints a table, writes bench/results/overhead.json). In a PTY, as a person runs it:
// with stdout piped the loop turns itself off. BENCH_SHOW=1: one run of each instead, with the runner's own breakdown
// of its time (Vitest: transform, import, tests), to see where the difference goes; BENCH_SHOW=3: three of each.
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Project, type RunnerName } from '../e2e/harness/project.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 7)
const MODULES = 300
const TEST_FILES = 4
const TESTS_PER_FILE = 50

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!

/** Module i: a class, a factory with closures, functions calling the module before it. */
function moduleSource(i: number): string {
  const previous = i > 0 ? `import { step${i - 1} } from './m${i - 1}'\n` : ''
  const call = i > 0 ? `step${i - 1}(x - 1)` : 'x'
  return `${previous}const RATE_${i} = ${(i % 7) + 1}

export class Counter${i} {
  count = 0
  add(n: number): number {
    this.count += n * RATE_${i}
    return this.count
  }
}

export function makeScale${i}(factor: number) {
  const scale = (n: number) => n * factor
  return { scale, twice: (n: number) => scale(scale(n)) }
}

export function step${i}(x: number): number {
  return x <= 0 ? 0 : ${call} + RATE_${i}
}
`
}

/** Test file f: tests that make objects and call into the modules in loops. */
function testSource(f: number, runner: 'vitest' | 'jest'): string {
  const imports = Array.from({ length: MODULES / TEST_FILES }, (_, k) => {
    const i = f * (MODULES / TEST_FILES) + k
    return `import { Counter${i}, makeScale${i}, step${i} } from '../src/m${i}'`
  })
  const tests = Array.from({ length: TESTS_PER_FILE }, (_, t) => {
    const i = f * (MODULES / TEST_FILES) + ((t * 3) % (MODULES / TEST_FILES))
    return `test('module ${i}, case ${t}', () => {
  const counter = new Counter${i}()
  const { twice } = makeScale${i}(2)
  let sum = 0
  for (let n = 0; n < 20000; n++) sum += twice(n % 10) + counter.add(1) % 3
  expect(step${i}(5)).toBeGreaterThan(0)
  expect(sum).toBeGreaterThan(0)
})`
  })
  const header = runner === 'vitest' ? "import { expect, test } from 'vitest'\n" : ''
  return `${header}${imports.join('\n')}\n\n${tests.join('\n\n')}\n`
}

function generatedProject(runner: RunnerName): Project {
  const project = new Project(runner, '../../bench/fixtures/real-size')
  project.remove('test/url.test.ts')
  for (let i = 0; i < MODULES; i++) project.write(`src/m${i}.ts`, moduleSource(i))
  const kind = runner.startsWith('jest') ? 'jest' : 'vitest'
  for (let f = 0; f < TEST_FILES; f++) project.write(`test/gen${f}.test.ts`, testSource(f, kind))
  return project
}

async function wallTime(project: Project, bin: string, args: string[]): Promise<number> {
  const start = performance.now()
  const term = project.terminal(bin, args)
  const code = await term.exited
  if (code !== 0) throw new Error(`${bin} ${args.join(' ')} exited ${code}\n${term.text}`)
  if (bin.endsWith('-reload') && !/reload loop on/.test(term.text))
    throw new Error(`the loop was not on:\n${term.text}`)
  if (/runs uninstrumented/.test(term.text)) throw new Error(`a module ran uninstrumented:\n${term.text}`)
  return performance.now() - start
}

const SUBJECTS: { name: string; runner: RunnerName; plain: [string, string[]]; loop: [string, string[]] }[] = [
  {
    name: 'Vitest 4.1',
    runner: 'vitest4',
    plain: ['vitest', ['run']],
    loop: ['vitest-reload', ['run', '--reload-loop', '--reload-dir', 'src']],
  },
  {
    name: 'Jest 30 + ts-jest',
    runner: 'jest30',
    plain: ['jest', []],
    loop: ['jest-reload', ['--reload-loop', '--reload-dir', 'src']],
  },
  // the loop runs Jest in band (the session needs the terminal): against an in-band plain run, what is left is ours
  {
    name: 'Jest 30 + ts-jest, plain in band',
    runner: 'jest30',
    plain: ['jest', ['--runInBand']],
    loop: ['jest-reload', ['--reload-loop', '--reload-dir', 'src']],
  },
]

const rows: Record<string, string | number>[] = []
const results: unknown[] = []
for (const subject of SUBJECTS) {
  if (process.env.BENCH_ONLY && !subject.name.includes(process.env.BENCH_ONLY)) continue
  const project = generatedProject(subject.runner)
  const plain: number[] = []
  const loop: number[] = []
  try {
    await wallTime(project, ...subject.plain) // warm the runner's transform cache: both sides start warm
    if (process.env.BENCH_SHOW) {
      const shows = Number(process.env.BENCH_SHOW) || 1
      for (let i = 0; i < shows * 2; i++) {
        const [bin, args] = i % 2 ? subject.loop : subject.plain
        const term = project.terminal(bin, args)
        await term.exited
        console.log(
          bin,
          term.text
            .split('\n')
            .filter((l) => /\(transform|Time:/.test(l))
            .join('\n'),
        )
      }
      continue
    }
    for (let i = 0; i < RUNS; i++) {
      // alternate, so drift in the machine's load hits both alike
      plain.push(await wallTime(project, ...subject.plain))
      loop.push(await wallTime(project, ...subject.loop))
    }
  } finally {
    project.remove()
  }
  const overhead = median(loop) / median(plain) - 1
  // this machine's neighbours add seconds to some runs: the fastest of each, where the least of that noise is left
  const fastest = Math.min(...loop) / Math.min(...plain) - 1
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`
  rows.push({
    runner: subject.name,
    modules: MODULES,
    tests: TEST_FILES * TESTS_PER_FILE,
    'plain ms (median · fastest)': `${Math.round(median(plain))} · ${Math.round(Math.min(...plain))}`,
    'loop on ms (median · fastest)': `${Math.round(median(loop))} · ${Math.round(Math.min(...loop))}`,
    'overhead (median · fastest)': `${percent(overhead)} · ${percent(fastest)}`,
  })
  results.push({ ...subject, plain, loop, overhead, fastest })
}

const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, platform: process.platform }
console.log(`\nloop on, never paused, against the plain runner: wall time of ${RUNS} runs each, alternated`)
console.table(rows)
const out = path.join(import.meta.dirname, 'results')
mkdirSync(out, { recursive: true })
writeFileSync(path.join(out, 'overhead.json'), `${JSON.stringify({ machine, runs: RUNS, results }, null, 2)}\n`)
