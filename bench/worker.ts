// Memory inside a real Vitest worker: the heap of a paused worker over 500 save → patch cycles (the cost when nothing
// fails is bench/overhead.ts).
// Run: `npx -y pnpm@10.34.9 bench` (prints, writes bench/results/worker.json).
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Project } from '../e2e/harness/project.js'

const PATCHES = 500
const PROMPT = /c continue · s skip · q quit/

async function memory() {
  const project = new Project('vitest4', '../../bench/fixtures/vitest-memory')
  const term = project.terminal('vitest-reload', ['run', '--reload-loop', '--reload-dir', 'src'])
  const heap = async () => {
    // a full GC in the worker first, so the figure is what stays alive; typed into the worker's REPL, which
    // evaluates the template string there
    const gcThenHeap = [
      "process.getBuiltinModule('v8').setFlagsFromString('--expose-gc')",
      "process.getBuiltinModule('vm').runInNewContext('gc')()",
      '`heap=$' + '{process.memoryUsage().heapUsed}`',
    ]
    term.type(gcThenHeap.join(', '))
    const [, bytes] = await term.waitFor(/heap=(\d+)/)
    await term.waitFor(PROMPT)
    return Number(bytes)
  }
  try {
    await term.waitFor(/PAUSED/)
    await term.waitFor(PROMPT)
    const save = async (i: number) => {
      // alternate a body edit and a top-level constant
      const factor = i % 2 ? i : 1
      const rate = i % 2 ? 1 : i
      project.write(
        'src/subject.ts',
        `const RATE = ${rate}\n\nexport function subject(x: number): number {\n  return x * ${factor} * RATE\n}\n`,
      )
      await term.waitFor(/patched src\/subject\.ts/)
      await term.waitFor(PROMPT)
    }
    for (let i = 2; i <= 6; i++) await save(i) // warm-up: compile caches (1 = the file as is)
    const before = await heap()
    const started = performance.now()
    for (let i = 7; i < 7 + PATCHES; i++) await save(i)
    const seconds = (performance.now() - started) / 1000
    const after = await heap()
    term.type('q')
    await term.exited
    return { before, after, growth: after - before, patches: PATCHES, seconds }
  } finally {
    term.kill()
    project.remove()
  }
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)
const heap = await memory()
console.log(
  `worker heap over ${PATCHES} save → patch cycles: ${mb(heap.before)} MB → ${mb(heap.after)} MB ` +
    `(${mb(heap.growth)} MB; ${((heap.seconds * 1000) / PATCHES).toFixed(0)} ms per cycle)`,
)
const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, platform: process.platform }
const out = path.join(import.meta.dirname, 'results')
mkdirSync(out, { recursive: true })
writeFileSync(path.join(out, 'worker.json'), `${JSON.stringify({ machine, heap }, null, 2)}\n`)
