// Save → patched on Jest 30 with ts-jest's default preset (it type-checks: no isolatedModules), for a body edit (live
// edit) and a re-evaluation (a new top-level helper). The jest-iter fixture with `isolatedModules` taken out of its
// tsconfig. Run: `npx tsx ts-jest-patch.ts` (prints each time and the medians). Set BENCH_ISOLATED=1 to keep
// `isolatedModules` (ts-jest's transpile-only preset) for comparison.
import os from 'node:os'
import { Project } from '../e2e/harness/project.js'

const ITERATIONS = 5
const PROMPT = /c continue · s skip · q quit/
// a person reads the patch line before saving again: the type check of the last save is done by then
const READ_MS = 4000
const pause = () => new Promise((resolve) => setTimeout(resolve, READ_MS))
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!

const project = new Project('jest30', '../../bench/fixtures/jest-iter')
if (!process.env.BENCH_ISOLATED) project.edit('tsconfig.json', '    "isolatedModules": true,\n', '')
const term = project.terminal('jest-reload', ['--reload-loop', '--reload-dir', 'src'], { BENCH_SETUP_MS: '0' })
const bodyEdit: number[] = []
const reevaluation: number[] = []
try {
  for (let i = 1; i <= ITERATIONS; i++) {
    await term.waitFor(new RegExp(`PAUSED\\s+t${i}\\n`), 120_000)
    await term.waitFor(PROMPT)
    await pause() // the pause's own work (the type-check thread warming up) is done while the person reads it
    let start = performance.now()
    project.edit(`src/f${i}.ts`, 'x + 100', 'x + 50')
    await term.waitFor(`patched src/f${i}.ts (live edit`)
    bodyEdit.push(performance.now() - start)
    await term.waitFor(PROMPT)
    await pause()
    start = performance.now()
    project.write(`src/f${i}.ts`, `const ONE = 1\n\nexport function f${i}(x: number): number {\n  return x + ONE\n}\n`)
    await term.waitFor(new RegExp(`patched src/f${i}\\.ts \\(re-evaluated`))
    reevaluation.push(performance.now() - start)
    await term.waitFor(PROMPT)
    term.type('c')
  }
  await term.exited
} finally {
  term.kill()
  project.remove()
}
const show = (values: number[]) =>
  `${values.map((t) => t.toFixed(0)).join(', ')} ms (median ${median(values).toFixed(0)})`
console.log(`${os.cpus().length} cores, Node ${process.version}; save → patched line, watcher debounce included`)
console.log(`body edit:     ${show(bodyEdit)}`)
console.log(`re-evaluation: ${show(reevaluation)}`)
