import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, open, realpath, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { type ChangeBatch, createWatcher, type Watcher } from '../../../src/main/delivery/watcher.js'

let root: string
let watcher: Watcher | undefined
let batches: ChangeBatch[]
/** Each batch's `since`, kept apart so the assertions on what changed stay exact. */
let sinces: (number | undefined)[]
let waiters: (() => void)[]

beforeEach(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'mp-watch-')))
  await mkdir(path.join(root, 'src'))
  await writeFile(file('src/math.ts'), 'export const double = (n: number) => n * 2\n')
  await writeFile(file('src/other.ts'), 'export const other = 1\n')
  batches = []
  sinces = []
  waiters = []
  watcher = createWatcher({
    root,
    onChange({ since, ...batch }) {
      sinces.push(since)
      batches.push(batch)
      for (const wake of waiters.splice(0)) wake()
    },
  })
  await watcher.ready
})

afterEach(async () => {
  await watcher?.close()
  await rm(root, { recursive: true, force: true })
})

function file(relative: string) {
  return path.join(root, relative)
}

/** Resolves with the next batch (waits for it if none is queued). */
async function nextBatch(): Promise<ChangeBatch> {
  while (!batches.length) await new Promise<void>((resolve) => waiters.push(resolve))
  return batches.shift()!
}

/**
 * Saves `src/other.ts` with new content and expects that to be the next batch, alone: proves nothing was emitted
 * for whatever happened before, without sleeping for an arbitrary time.
 */
async function expectOnlySentinelNext() {
  await writeFile(file('src/other.ts'), `export const other = ${Math.random()}\n`)
  expect(await nextBatch()).toEqual({ changed: [file('src/other.ts')], deleted: [] })
}

describe('watcher', () => {
  test('a save is reported as a changed absolute path', async () => {
    await writeFile(file('src/math.ts'), 'export const double = (n: number) => n + n\n')
    expect(await nextBatch()).toEqual({ changed: [file('src/math.ts')], deleted: [] })
  })

  test('a file written in chunks is one batch, read once the writes are done', async () => {
    const handle = await open(file('src/math.ts'), 'w')
    for (const part of ['export const double = ', '(n: number) => ', 'n * 2 // chunked\n']) {
      await handle.write(part)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await handle.close()
    expect(await nextBatch()).toEqual({ changed: [file('src/math.ts')], deleted: [] })
    await expectOnlySentinelNext()
  })

  test("an editor's truncate, then its write a moment later, is one save of the written content, never an empty module", async () => {
    const seen: string[] = []
    const done = new Promise<void>((resolve) =>
      waiters.push(() => {
        seen.push(readFileSync(file('src/math.ts'), 'utf8'))
        resolve()
      }),
    )
    await writeFile(file('src/math.ts'), '')
    await new Promise((resolve) => setTimeout(resolve, 70)) // past chokidar's settle and our quiet time
    await writeFile(file('src/math.ts'), 'export const double = (n: number) => n * 2 // after the truncate\n')
    await done
    expect(seen).toEqual(['export const double = (n: number) => n * 2 // after the truncate\n'])
    expect(await nextBatch()).toEqual({ changed: [file('src/math.ts')], deleted: [] })
    await expectOnlySentinelNext()
  })

  test('a file emptied on purpose is reported, a moment later', async () => {
    await writeFile(file('src/math.ts'), '')
    expect(await nextBatch()).toEqual({ changed: [file('src/math.ts')], deleted: [] })
  })

  test('a second save right after the first one was reported is reported too (chokidar drops a change within 50 ms)', async () => {
    await writeFile(file('src/math.ts'), 'export const double = (n: number) => n * 2 // first\n')
    expect(await nextBatch()).toEqual({ changed: [file('src/math.ts')], deleted: [] })
    await writeFile(file('src/math.ts'), 'export const double = (n: number) => n * 2 // second save\n')
    expect(await nextBatch()).toEqual({ changed: [file('src/math.ts')], deleted: [] })
  })

  test('a batch says when its first event came, before the quiet time it waited', async () => {
    const saved = performance.now()
    await writeFile(file('src/math.ts'), 'export const double = (n: number) => n + n + 0\n')
    await nextBatch()
    const reported = performance.now()
    expect(sinces[0]).toBeGreaterThanOrEqual(saved)
    // at least the debounce (20 ms) passes between the first event and the batch
    expect(reported - sinces[0]!).toBeGreaterThanOrEqual(19)
  })

  test('saving identical content again emits nothing', async () => {
    const content = 'export const double = (n: number) => n * 3\n'
    await writeFile(file('src/math.ts'), content)
    expect(await nextBatch()).toEqual({ changed: [file('src/math.ts')], deleted: [] })
    await writeFile(file('src/math.ts'), content)
    await expectOnlySentinelNext()
  })

  test('files saved together arrive in one batch', async () => {
    await Promise.all([
      writeFile(file('src/math.ts'), 'export const double = 1\n'),
      writeFile(file('src/other.ts'), 'export const other = 2\n'),
    ])
    const batch = await nextBatch()
    expect(batch.changed.sort()).toEqual([file('src/math.ts'), file('src/other.ts')])
  })

  test('an atomic save (write temp file, rename over) is a change, not a delete', async () => {
    await writeFile(file('src/math.ts.tmp-4913'), 'export const double = (n: number) => n << 1\n')
    await rename(file('src/math.ts.tmp-4913'), file('src/math.ts'))
    expect(await nextBatch()).toEqual({ changed: [file('src/math.ts')], deleted: [] })
  })

  test('a deleted file is reported as deleted', async () => {
    await rm(file('src/math.ts'))
    expect(await nextBatch()).toEqual({ changed: [], deleted: [file('src/math.ts')] })
  })

  test('a rename is a delete plus an add', async () => {
    await rename(file('src/math.ts'), file('src/calc.ts'))
    const seen: ChangeBatch = { changed: [], deleted: [] }
    while (!seen.deleted.length || !seen.changed.length) {
      const batch = await nextBatch()
      seen.changed.push(...batch.changed)
      seen.deleted.push(...batch.deleted)
    }
    expect(seen).toEqual({ changed: [file('src/calc.ts')], deleted: [file('src/math.ts')] })
  })

  test('a new file is reported', async () => {
    await writeFile(file('src/new.ts'), 'export {}\n')
    expect(await nextBatch()).toEqual({ changed: [file('src/new.ts')], deleted: [] })
  })

  test('node_modules, build output and non-source files are ignored', async () => {
    await mkdir(file('node_modules/dep'), { recursive: true })
    await mkdir(file('dist'))
    await writeFile(file('node_modules/dep/index.js'), 'module.exports = 1\n')
    await writeFile(file('dist/math.js'), 'export const double = 1\n')
    await writeFile(file('README.md'), '# readme\n')
    await writeFile(file('src/data.json'), '{}\n')
    await writeFile(file('src/.math.ts.swp'), 'swap\n')
    await expectOnlySentinelNext()
  })

  test('every source extension is watched', async () => {
    const names = ['a.tsx', 'a.mts', 'a.cts', 'a.js', 'a.mjs', 'a.cjs', 'a.jsx']
    await Promise.all(names.map((name) => writeFile(file(`src/${name}`), 'export {}\n')))
    const changed: string[] = []
    while (changed.length < names.length) changed.push(...(await nextBatch()).changed)
    expect(changed.sort()).toEqual(names.map((name) => file(`src/${name}`)).sort())
  })

  test('nothing is emitted after close', async () => {
    await watcher?.close()
    await writeFile(file('src/math.ts'), 'export const double = 0\n')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(batches).toEqual([])
  })
})

describe('a file outside the root, watched on request (the failing test file)', () => {
  let outside: Watcher | undefined
  afterEach(() => outside?.close())

  async function watchTestFile(): Promise<string> {
    await mkdir(file('test'))
    const testFile = file('test/math.test.ts')
    await writeFile(testFile, 'expect(3).toBe(4)\n')
    await watcher?.close()
    watcher = undefined
    outside = createWatcher({
      root: file('src'),
      onChange({ since: _, ...batch }) {
        batches.push(batch)
        for (const wake of waiters.splice(0)) wake()
      },
    })
    await outside.ready
    await outside.watchFile(testFile)
    return testFile
  }

  test('its saves are reported, and its neighbours are not', async () => {
    const testFile = await watchTestFile()
    await writeFile(file('test/other.test.ts'), 'expect(1).toBe(1)\n')
    await writeFile(testFile, 'expect(3).toBe(5)\n')
    expect(await nextBatch()).toEqual({ changed: [testFile], deleted: [] })
  })

  test('it is followed after it is removed and written again (git checkout, a formatter), and edited in place', async () => {
    const testFile = await watchTestFile()
    await rm(testFile)
    expect(await nextBatch()).toEqual({ changed: [], deleted: [testFile] })
    await writeFile(testFile, 'expect(3).toBe(5)\n')
    expect(await nextBatch()).toEqual({ changed: [testFile], deleted: [] })
    await writeFile(testFile, 'expect(3).toBe(6)\n')
    expect(await nextBatch()).toEqual({ changed: [testFile], deleted: [] })
  })
})
