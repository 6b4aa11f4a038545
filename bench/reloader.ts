// Save → the new behaviour answers over HTTP, for a server with a 1 s start-up (bench/fixtures/http-app): the reloader
// (`node --import @mighty-patcher/core/register`, same process) against `node --watch` and `tsx watch` (a restart per
// save). Each save is timed from the write to the first answer of the new version, polled every 5 ms. Run on demand:
// `npx tsx bench/reloader.ts` after `pnpm build` (prints a table, writes bench/results/reloader.json).
import { type ChildProcess, spawn } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'

const SAVES = 7
const here = import.meta.dirname
const tsx = path.join(here, 'node_modules', '.bin', 'tsx')
const MODES: { name: string; command: string; args: string[] }[] = [
  { name: 'reloader', command: process.execPath, args: ['--import', '@mighty-patcher/core/register', 'server.js'] },
  { name: 'node --watch', command: process.execPath, args: ['--watch', 'server.js'] },
  { name: 'tsx watch', command: tsx, args: ['watch', 'server.js'] },
]

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function get(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, agent: false }, (response) => {
      let body = ''
      response.on('data', (chunk) => (body += chunk))
      response.on('end', () => resolve(body))
    })
    request.on('error', () => resolve(undefined))
  })
}

async function until(port: number, body: string): Promise<void> {
  for (;;) {
    if ((await get(port)) === body) return
    await sleep(5)
  }
}

async function measure(mode: (typeof MODES)[number], port: number): Promise<number[]> {
  // inside bench/: the project finds @mighty-patcher/core in bench's node_modules, as a user's finds it in its own
  mkdirSync(path.join(here, '.tmp'), { recursive: true })
  const dir = mkdtempSync(path.join(here, '.tmp', 'http-app-'))
  cpSync(path.join(here, 'fixtures', 'http-app'), dir, { recursive: true })
  const child: ChildProcess = spawn(mode.command, mode.args, {
    cwd: dir,
    env: { ...process.env, PORT: String(port), MIGHTY_PATCHER_DIR: 'src', CI: '' },
    stdio: 'ignore',
  })
  try {
    await until(port, 'version 0')
    const times: number[] = []
    for (let i = 1; i <= SAVES; i++) {
      await sleep(300) // the watcher settles between saves
      const start = performance.now()
      writeFileSync(
        path.join(dir, 'src', 'routes.js'),
        `function answer() {\n  return 'version ${i}'\n}\n\nmodule.exports = { answer }\n`,
      )
      await until(port, `version ${i}`)
      times.push(performance.now() - start)
    }
    return times
  } finally {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
}

const rows: Record<string, string | number>[] = []
let port = 4700
for (const mode of MODES) {
  const times = await measure(mode, port++)
  console.error(`${mode.name}: ${times.map((t) => t.toFixed(0)).join(', ')} ms`)
  rows.push({ mode: mode.name, 'median ms': Math.round(median(times)), 'fastest ms': Math.round(Math.min(...times)) })
}
const reloader = rows[0]!['median ms'] as number
for (const row of rows) row['vs reloader'] = `${((row['median ms'] as number) / reloader).toFixed(1)}×`
console.log(`save → new answer over HTTP, a server with a 1 s start-up, median of ${SAVES}, Node ${process.version}`)
console.table(rows)
const out = path.join(here, 'results')
mkdirSync(out, { recursive: true })
const machine = { node: process.version, cpus: os.cpus().length, model: os.cpus()[0]?.model }
writeFileSync(path.join(out, 'reloader.json'), `${JSON.stringify({ machine, saves: SAVES, rows }, null, 2)}\n`)
