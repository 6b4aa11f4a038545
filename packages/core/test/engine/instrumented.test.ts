import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { createPatchEngine } from '../../src/engine/engine.js'
import type { FileReport } from '../../src/shared/report.js'
import { VmRunner, type WrapperStyle } from '../harness/vm-runner.js'

// The instrumented engine on both wrapper styles (Vite's module runner, Jest's CommonJS): a module is loaded from its
// first version, references are captured the way tests and libraries capture them, later versions are saved over it,
// and every captured reference runs the code on disk, with identities kept — or the report names it.

type Mod = Record<string, any>

async function load(style: WrapperStyle, source: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mp-instrumented-'))
  const file = path.join(dir, 'lib.ts')
  writeFileSync(file, source)
  const runner = new VmRunner(style)
  const engine = createPatchEngine(runner)
  await engine.ready() // Jest requires synchronously, as the plugin readies it
  runner.instrument = (f, code) => engine.instrument(f, code)
  const mod: Mod = await runner.import(file)
  const save = async (next: string): Promise<FileReport> => {
    writeFileSync(file, next)
    const report = await engine.patch([file])
    return report.files[0] as FileReport
  }
  return { mod, save, engine, file, runner }
}

const LIB_A = `let RATE = 2
export function double(n: number) { return n * RATE }
export function createClient() {
  const parse = (s: string) => JSON.parse(s)
  return { get(s: string) { return parse(s).value * RATE } }
}
export class Base { hello() { return 'base' } }
export class Box extends Base { get() { return 1 } }
export const install = (t: any) => { t.scale = (n: number) => n * RATE }
`
const LIB_B = `let RATE = 3
const twice = (n: number) => n * 2
export function double(n: number) { return twice(n) }
export function createClient() {
  const parse = (s: string) => JSON.parse(s)
  return { get(s: string) { return twice(parse(s).value) + 100 } }
}
export class Base { hello() { return 'base' } }
export class Box extends Base { get() { return super.hello() + 2 } extra() { return 'x' } }
export const install = (t: any) => { t.scale = (n: number) => n * RATE }
`

describe.each<WrapperStyle>(['vitest', 'jest'])('%s', (style) => {
  test('references captured before a save run its code, new helper and constant included, identities kept', async () => {
    const { mod, save } = await load(style, LIB_A)
    const double = mod.double
    const client = mod.createClient()
    const box = new mod.Box()
    const t: Mod = {}
    mod.install(t)
    expect([double(4), client.get('{"value":4}'), box.get(), t.scale(2)]).toEqual([8, 8, 1, 4])
    const report = await save(LIB_B)
    expect(report.updated).toEqual(expect.arrayContaining(['double', 'get in createClient()', 'Box#get', 'RATE']))
    expect(report.added).toEqual(expect.arrayContaining(['twice', 'Box#extra']))
    expect(report.stale).toEqual([])
    expect([double(4), client.get('{"value":4}'), box.get(), t.scale(2)]).toEqual([8, 108, 'base2', 6])
    expect(box instanceof mod.Box).toBe(true)
    expect(box.extra()).toBe('x')
    expect(mod.double).toBe(double)
  })

  test('A→B→A→B leaves every reference on the last save', async () => {
    const { mod, save } = await load(style, LIB_A)
    const double = mod.double
    const client = mod.createClient()
    await save(LIB_B)
    await save(LIB_A)
    expect([double(4), client.get('{"value":4}')]).toEqual([8, 8])
    await save(LIB_B)
    expect([double(4), client.get('{"value":4}')]).toEqual([8, 108])
  })
})

const SHAPES_A = `export function* count() { yield 1 }
export async function load(n: number) { return n }
export class Shape {
  #secret = 1
  static make() { return new Shape() }
  get area() { return 1 }
  #peek() { return this.#secret }
  peek() { return this.#peek() }
  onClick = (e: number) => e + 1
}
export const pick = ({ a }: { a: number }, b = 1) => a + b
`
const SHAPES_B = `export function* count() { yield 2 }
export async function load(n: number) { return n * 2 }
export class Shape {
  #secret = 1
  static make() { const s = new Shape(); return s }
  get area() { return 2 }
  #peek() { return this.#secret + 10 }
  peek() { return this.#peek() }
  onClick = (e: number) => e + 2
}
export const pick = ({ a }: { a: number }, b = 1) => a * b + 100
`

describe.each<WrapperStyle>(['vitest', 'jest'])('%s: shapes', (style) => {
  test('generators, async functions, static methods, getters, #private methods, field arrows and destructured parameters take new code', async () => {
    const { mod, save } = await load(style, SHAPES_A)
    const shape = new mod.Shape()
    const { count, load: loadN, pick } = mod
    expect([[...count()], await loadN(2), shape.area, shape.peek(), shape.onClick(1), pick({ a: 2 }, 3)]).toEqual([
      [1],
      2,
      1,
      1,
      2,
      5,
    ])
    const report = await save(SHAPES_B)
    expect(report.stale).toEqual([])
    expect([[...count()], await loadN(2), shape.area, shape.peek(), shape.onClick(1), pick({ a: 2 }, 3)]).toEqual([
      [2],
      4,
      2,
      11,
      3,
      106,
    ])
    expect(mod.Shape.make() instanceof mod.Shape).toBe(true)
  })

  test('calls suspended in an async function or a generator at a save finish on the old code, and are named', async () => {
    const before = `export async function fetchTwice(wait: Promise<number>) { const n = await wait; return n * 2 }
export function* steps() { yield 1; yield 2 }
export async function idle() { return 'idle' }
`
    const { mod, save } = await load(style, before)
    let release = (_: number) => {}
    const pending = mod.fetchTwice(new Promise<number>((resolve) => (release = resolve)))
    const walking = mod.steps()
    expect(walking.next().value).toBe(1)
    await mod.idle() // finished: nothing to name
    const report = await save(
      before.replace('n * 2', 'n * 3').replace('yield 2', 'yield 20').replace("'idle'", "'busy'"),
    )
    expect(report.updated).toEqual(expect.arrayContaining(['fetchTwice', 'steps', 'idle']))
    expect(report.stale).toEqual([
      {
        name: 'fetchTwice',
        reason: expect.stringMatching(/^a call suspended in it \(at an await or a yield\) finishes on the old code/),
      },
      { name: 'steps', reason: expect.stringMatching(/^a call suspended in it/) },
    ])
    release(5)
    expect([await pending, walking.next().value]).toEqual([10, 2]) // as said: the old code
    expect([await mod.fetchTwice(Promise.resolve(5)), [...mod.steps()]]).toEqual([15, [1, 20]])
    // once they finished, a next save names nothing
    expect((await save(before)).stale).toEqual([])
  })

  test('a TypeScript enum (a function its statement calls once) takes a changed value; a function it holds is patched', async () => {
    const enumOf = (value: string, helper: string) =>
      `export enum Tone { Plain = '${value}' }\nexport const api = (() => { const shout = (s: string) => s${helper}; return { shout } })()\nexport function tone() { return Tone.Plain }\n`
    const { mod, save } = await load(style, enumOf('plain', ''))
    const tone = mod.tone
    const shout = mod.api.shout
    const report = await save(enumOf('flat', '.toUpperCase()'))
    expect(tone()).toBe('flat') // before: 'plain', reported as `updated call()`
    expect(shout('a')).toBe('A')
    expect(report.updated).not.toContain('call()')
  })

  test('a changed constructor is named, never silently old', async () => {
    const { save } = await load(style, 'export class C { n: number\n  constructor() { this.n = 1 } }\n')
    const report = await save('export class C { n: number\n  constructor() { this.n = 2 } }\n')
    expect(report.stale.map((s) => s.name)).toContain('C#constructor')
  })
})

describe.each<WrapperStyle>(['vitest', 'jest'])('%s: what cannot follow', (style) => {
  test('a closure whose factory gained a variable is named in the report and at its call, and keeps its old code', async () => {
    const { mod, save } = await load(style, 'export function make() {\n  return () => 1\n}\n')
    const old = mod.make()
    const report = await save('export function make() {\n  const extra = 2\n  return () => extra\n}\n')
    expect(report.stale).toEqual([expect.objectContaining({ name: '<anonymous> in make()' })])
    expect(report.stale[0]?.reason).toContain('`extra`')
    const said: string[] = []
    const write = process.stderr.write
    process.stderr.write = ((line: string) => said.push(line) > 0) as typeof process.stderr.write
    try {
      expect(old()).toBe(1)
    } finally {
      process.stderr.write = write
    }
    expect(said.join('')).toMatch(/still old: <anonymous> in make\(\) .*`extra`/)
    expect(mod.make()()).toBe(2)
  })
})

/** SIGINT to this process from outside, after `ms`: a spinning thread cannot send it itself. */
function sigintFromOutside(ms: number) {
  spawn('sh', ['-c', `sleep ${ms / 1000}; kill -INT ${process.pid}`], { stdio: 'ignore' })
}

describe.each<WrapperStyle>(['vitest', 'jest'])('%s: saves that cannot finish now', (style) => {
  test('while stopped, versions apply at once; a save whose statements must run again waits for the next patch', async () => {
    const { mod, engine, file, runner } = await load(
      style,
      'export let RATE = 2\nexport function double(n: number) { return n * RATE }\n',
    )
    const double = mod.double
    writeFileSync(file, 'export let RATE = 2\nexport function double(n: number) { return n * RATE + 1 }\n')
    expect(engine.patchStopped(file, await runner.transform(file))).toMatchObject({
      status: 'patched',
      updated: ['double'],
    })
    expect(double(2)).toBe(5)
    writeFileSync(file, 'export let RATE = 3\nexport function double(n: number) { return n * RATE + 1 }\n')
    const deferred = engine.patchStopped(file, await runner.transform(file))
    expect(deferred).toMatchObject({ status: 'deferred' })
    expect(deferred.error).toMatch(/its top level changed \(line \d+\): it runs again when the test goes on/)
    expect(double(2)).toBe(5)
    const report = (await engine.patch([file])).files[0]!
    expect(report).toMatchObject({ status: 'patched', updated: ['RATE'] })
    expect(double(2)).toBe(7)
  })

  test('Ctrl-C at a top-level statement that spins takes the whole save back: the old code keeps running', async () => {
    const { mod, save } = await load(style, 'export function double(n: number) { return n * 3 }\n')
    const double = mod.double
    sigintFromOutside(300)
    const report = await save('let spin = true\nwhile (spin) {}\nexport function double(n: number) { return n * 2 }\n')
    expect(report).toMatchObject({ status: 'error', error: 'its top level did not finish: re-run cancelled (Ctrl-C)' })
    expect(double(2)).toBe(6)
    expect((await save('export function double(n: number) { return n * 2 }\n')).status).toBe('patched')
    expect(double(2)).toBe(4)
  })

  test('statements run again as a reload: onDispose first, currentlyReloading() meanwhile, keep() returns what it kept', async () => {
    const source = (greeting: string) => `import { currentlyReloading, keep, onDispose } from '@mighty-patcher/core'
export const seen = keep('seen', () => [] as string[])
const registry = keep('registry', () => new Map<string, string>([['made', '${greeting}']]))
if (registry.has('greet')) throw new Error('greet is already registered')
registry.set('greet', '${greeting}'), seen.push(currentlyReloading() ? 'reload' : 'first')
onDispose(() => registry.delete('greet'))
export const greet = () => registry.get('greet')
export const made = () => registry.get('made')
`
    const { mod, save } = await load(style, source('hi'))
    const greet = mod.greet
    for (const greeting of ['hello', 'hey', 'hi']) {
      const report = await save(source(greeting))
      expect(report.stale).toEqual([])
      expect(greet()).toBe(greeting)
      expect(mod.made()).toBe('hi') // the line ran again, and keep() gave it the Map of the first load
    }
    expect(mod.seen).toEqual(['first', 'reload', 'reload', 'reload'])
  })
})

describe.each<WrapperStyle>(['vitest', 'jest'])('%s: the patch line', (style) => {
  test('a new exported constant is said once, as added, whatever statements the runner made of it', async () => {
    const { mod, save } = await load(style, 'export function double(n: number) { return n > 10 ? -1 : n * 2 }\n')
    const double = mod.double
    const report = await save(
      'export const LIMIT = 5\nexport function double(n: number) { return n > LIMIT ? -1 : n * 2 }\n',
    )
    expect(report).toMatchObject({ updated: ['double'], added: ['LIMIT'], reran: [], stale: [] })
    expect([double(6), mod.LIMIT]).toEqual([-1, 5])
    expect(
      await save('export const LIMIT = 7\nexport function double(n: number) { return n > LIMIT ? -1 : n * 2 }\n'),
    ).toMatchObject({
      updated: ['LIMIT'],
      added: [],
      reran: [],
    })
    expect(double(6)).toBe(12)
  })
})

test("istanbul's coverage function is patched with the save but never named in the patch line", async () => {
  const counter = (hash: string) =>
    `function cov_1yteospdgm() { return globalThis.__cov ??= { hash: '${hash}', s: [0] } }\n`
  const { mod, save } = await load('jest', `${counter('a')}export function f() { cov_1yteospdgm().s[0]++; return 1 }\n`)
  const f = mod.f
  const report = await save(`${counter('b')}export function f() { cov_1yteospdgm().s[0]++; return 2 }\n`)
  expect(report).toMatchObject({ updated: ['f'], moved: [], stale: [] })
  expect(f()).toBe(2)
})
