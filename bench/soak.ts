// Soak: 300 saves into one paused test process, alternating a body edit and a top-level edit of the same module, on
// Vitest 4.1 and Jest 30 (ts-jest's default preset) through the PTY harness. Each save is timed from the write to its
// `patched` line; the cost per save must stay flat (first 30 against last 30). Run on demand: `npx tsx bench/soak.ts`
// after `pnpm build` (prints a table, writes bench/results/soak.json).
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Project, type RunnerName } from '../e2e/harness/project.js'

const SAVES = Number(process.env.SOAK_SAVES ?? 300)
const WINDOW = 30
const PROMPT = /c continue · s skip · q quit/
const RUNNERS: { runner: RunnerName; fixture: string; bin: string; args: string[] }[] = [
  {
    runner: 'vitest4',
    fixture: 'vitest-prompt',
    bin: 'vitest-reload',
    args: ['run', '--reload-loop', '--reload-dir', 'src'],
  },
  { runner: 'jest30', fixture: 'jest-prompt', bin: 'jest-reload', args: ['--reload-loop', '--reload-dir', 'src'] },
]

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Save `i`: odd ones change double's body, even ones the top-level constant (re-run in the module's scope). */
function source(i: number): string {
  const body = 2 * Math.ceil(i / 2) - 1
  const top = 2 * Math.floor(i / 2)
  return [
    `export const SAVE = ${top}`,
    'export function double(n: number): number {',
    `  if (n > 10) throw new Error('too big (${body})')`,
    '  return n * 2',
    '}',
    '',
  ].join('\n')
}

async function soak({ runner, fixture, bin, args }: (typeof RUNNERS)[number]): Promise<number[]> {
  const project = new Project(runner, fixture)
  project.write('src/math.ts', source(0))
  const term = project.terminal(bin, [...args, 'test/math.test.ts'], { MIGHTY_PATCHER_HISTORY: '' })
  try {
    await term.waitFor(/PAUSED/, 120_000)
    await term.waitFor(PROMPT)
    const times: number[] = []
    for (let i = 1; i <= SAVES; i++) {
      const start = performance.now()
      project.write('src/math.ts', source(i))
      await term.waitFor(/patched src\/math\.ts \([^\n]*\)/)
      times.push(performance.now() - start)
      await term.waitFor(PROMPT)
    }
    // the state at the end is the last save's: the test process runs it
    term.type('[SAVE, (() => { try { double(11) } catch (e) { return e.message } })()]')
    const last = source(SAVES)
    await term.waitFor(`[ ${/SAVE = (\d+)/.exec(last)?.[1]}, '${/Error\('([^']*)'/.exec(last)?.[1]}' ]`)
    term.type('q')
    await term.exited
    return times
  } finally {
    term.kill()
    project.remove()
  }
}

const rows = []
for (const subject of RUNNERS) {
  const times = await soak(subject)
  const first = median(times.slice(0, WINDOW))
  const last = median(times.slice(-WINDOW))
  rows.push({
    runner: subject.runner,
    saves: times.length,
    [`first ${WINDOW} median ms`]: Math.round(first),
    [`last ${WINDOW} median ms`]: Math.round(last),
    'last / first': Number((last / first).toFixed(2)),
    'max ms': Math.round(Math.max(...times)),
  })
  console.error(`${subject.runner}: ${times.map((t) => t.toFixed(0)).join(' ')}`)
}
console.log(
  `${SAVES} saves into one paused test process, alternating a body and a top-level edit, Node ${process.version}`,
)
console.table(rows)
const out = path.join(import.meta.dirname, 'results')
mkdirSync(out, { recursive: true })
const machine = { node: process.version, cpus: os.cpus().length, model: os.cpus()[0]?.model }
writeFileSync(path.join(out, 'soak.json'), `${JSON.stringify({ machine, saves: SAVES, rows }, null, 2)}\n`)
