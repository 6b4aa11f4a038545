import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import ReloadLoopFileRunner from '../../src/main/file-runner.js'
import { ENV_BASE_FILE_RUNNER } from '../../src/shared/env.js'
import { runControl } from '../../src/shared/run-control.js'

// The file runner over a scripted base runner (jest-runner's shape: an event emitter that runs files in band and
// reports each result), as the scheduler drives it: `q` is counted, then interrupts; `r` drops a result and runs the
// file again, whose result is counted in its place.

const dir = mkdtempSync(path.join(tmpdir(), 'file-runner-'))
const base = path.join(dir, 'base-runner.cjs')
writeFileSync(
  base,
  `module.exports = class {
  constructor() { this.listeners = new Map(); this.supportsEventEmitters = true; this.isSerial = false; globalThis.baseRuns = [] }
  on(event, listener) { this.listeners.set(event, listener); return () => this.listeners.delete(event) }
  async runTests(tests, watcher) {
    for (const test of tests) {
      if (watcher.isInterrupted()) return
      globalThis.baseRuns.push(test.path)
      const run = globalThis.baseRuns.filter((p) => p === test.path).length
      await globalThis.onRun?.(test)
      await this.listeners.get('test-file-success')?.([test, { path: test.path, run }])
    }
  }
}
`,
)
process.env[ENV_BASE_FILE_RUNNER] = base
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const holder = globalThis as { baseRuns?: string[]; onRun?: (test: { path: string }) => void }

function watcher() {
  let interrupted = false
  return {
    isInterrupted: () => interrupted,
    async setState(state: { interrupted: boolean }) {
      interrupted = state.interrupted
    },
  }
}

/** The scheduler's side: what it counted. */
function schedule() {
  const runner = new ReloadLoopFileRunner({ rootDir: dir }, {})
  const counted: { path: string; run: number }[] = []
  runner.on('test-file-success', ([, result]) => void counted.push(result as { path: string; run: number }))
  return { runner, counted }
}

const files = [{ path: '/p/a.test.ts' }, { path: '/p/b.test.ts' }]

describe('the file runner', () => {
  beforeEach(() => {
    const control = runControl()
    control.quit = false
    control.restart.clear()
    holder.onRun = undefined
  })

  it("says it can steer the run, and keeps the base runner's own traits", () => {
    const { runner } = schedule()
    expect(runControl().fileRunner).toBe(true)
    expect(runner.supportsEventEmitters).toBe(true)
    expect(runner.isSerial).toBe(false)
  })

  it('passes every result on when nothing is asked', async () => {
    const { runner, counted } = schedule()
    await runner.runTests(files, watcher())
    expect(counted).toEqual([
      { path: '/p/a.test.ts', run: 1 },
      { path: '/p/b.test.ts', run: 1 },
    ])
  })

  it('q: the file that quit is counted, then no later file starts', async () => {
    const { runner, counted } = schedule()
    holder.onRun = (test) => {
      if (test.path === '/p/a.test.ts') runControl().quit = true
    }
    const run = watcher()
    await runner.runTests(files, run)
    expect(counted).toEqual([{ path: '/p/a.test.ts', run: 1 }])
    expect(run.isInterrupted()).toBe(true)
    expect(holder.baseRuns).toEqual(['/p/a.test.ts'])
  })

  it('r: the first result of the file is dropped, the file runs again and only that run counts; the rest goes on', async () => {
    const { runner, counted } = schedule()
    holder.onRun = (test) => {
      const runs = holder.baseRuns!.filter((p) => p === test.path).length
      if (test.path === '/p/a.test.ts' && runs === 1) runControl().restart.add(test.path)
    }
    await runner.runTests(files, watcher())
    expect(counted).toEqual([
      { path: '/p/a.test.ts', run: 2 },
      { path: '/p/b.test.ts', run: 1 },
    ])
    expect(runControl().restart.size).toBe(0)
  })
})
