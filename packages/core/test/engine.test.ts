import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { createPatchEngine, type FileReport, type PatchEngine } from '../src/worker/index.js'
import { VmRunner, type WrapperStyle } from './harness/vm-runner.js'

// Each scenario is a named before/after snippet pair (test/snippets/<name>/). The module is loaded from `before.ts`,
// references are captured the way tests and app code capture them, `after.ts` is saved over it, the engine patches,
// and every captured reference must run the new code — or be named in the report as stale. Nothing stale silently.

type Mod = Record<string, any>

interface Scenario {
  /** Strategy the engine must pick, or the status for errors. */
  expect: 'live-edit' | 're-evaluate' | 'error'
  capture(mod: Mod): Record<string, any>
  verify(mod: Mod, captured: Record<string, any>, report: FileReport): void
}

const scenarios: Record<string, Scenario> = {
  'body-edit': {
    expect: 'live-edit',
    capture: () => ({}),
    verify: (mod) => expect(mod.double(2)).toBe(4),
  },
  'captured-ref': {
    expect: 'live-edit',
    capture: (mod) => ({ double: mod.double, triple: mod.triple }),
    verify: (mod, c) => {
      expect(c.double(2)).toBe(4)
      expect(c.triple(2)).toBe(6)
      expect(mod.double).toBe(c.double) // live edit keeps identity
    },
  },
  callback: {
    expect: 'live-edit',
    capture: (mod) => {
      mod.subscribe()
      return {}
    },
    verify: (mod) => expect(mod.emit(1)).toEqual([2]),
  },
  'instance-method': {
    expect: 'live-edit',
    capture: (mod) => ({ counter: new mod.Counter(), label: mod.Counter.label }),
    verify: (_mod, c) => {
      expect(c.counter.inc()).toBe(1)
      expect(c.label()).toBe('new')
    },
  },
  'async-function': {
    expect: 'live-edit',
    capture: (mod) => ({ load: mod.load, ran: mod.load(1) }),
    verify: async (_mod, c) => {
      await c.ran
      await expect(c.load(2)).resolves.toBe(4)
    },
  },
  'concise-arrow': {
    expect: 're-evaluate',
    capture: (mod) => ({ double: mod.double }),
    verify: (mod, c, report) => {
      expect(report.fallbackReason).toMatch(/last token/)
      expect(mod.double(2)).toBe(4)
      expect(c.double(2)).toBe(4) // bridged: the captured old arrow forwards to the new one
    },
  },
  'new-helper': {
    expect: 're-evaluate',
    capture: (mod) => ({ price: mod.price }),
    verify: (mod, c) => {
      expect(mod.price(10)).toBe(21)
      expect(c.price(10)).toBe(21)
    },
  },
  'new-import': {
    expect: 're-evaluate',
    capture: (mod) => ({ total: mod.total }),
    verify: (mod, c) => {
      expect(mod.total(5)).toBe(10)
      expect(c.total(5)).toBe(10)
    },
  },
  'constant-change': {
    expect: 're-evaluate',
    capture: (mod) => ({ price: mod.price }),
    verify: (mod, c, report) => {
      expect(report.fallbackReason).toBe('top-level code changed')
      expect(mod.RATE).toBe(3)
      expect(c.price(10)).toBe(30)
      expect(report.updated).toContain('RATE')
    },
  },
  'removed-export': {
    expect: 're-evaluate',
    capture: (mod) => ({ kept: mod.kept, dropped: mod.dropped }),
    verify: (mod, c, report) => {
      expect(report.removed).toEqual(['dropped'])
      expect('dropped' in mod).toBe(false)
      expect(c.kept()).toBe('new')
      expect(c.dropped()).toBe('old')
      expect(report.stale.map((s) => s.name)).toContain('dropped')
    },
  },
  'syntax-error': {
    expect: 'error',
    capture: (mod) => ({ double: mod.double }),
    verify: (mod, c, report) => {
      expect(report.error).toMatch(/line|expected|Unexpected|'}'/i)
      expect(mod.double(2)).toBe(6) // the old code keeps running
      expect(c.double(2)).toBe(6)
    },
  },
  registry: {
    expect: 're-evaluate',
    capture: (mod) => ({ before: mod.call('greet') }),
    verify: (mod, c) => {
      expect(c.before).toBe('hi')
      expect(mod.call('greet')).toBe('hello') // onDispose unregistered the old handler: no duplicate error
      expect(mod.loads).toEqual({ count: 2, reloading: [false, true] }) // kept across the re-evaluation
    },
  },
  'private-class': {
    expect: 'live-edit',
    capture: (mod) => ({ vault: new mod.Vault() }),
    verify: (_mod, c) => expect(c.vault.reveal()).toBe(100),
  },
  'private-class-structural': {
    expect: 're-evaluate',
    capture: (mod) => ({ vault: new mod.Vault() }),
    verify: (mod, c, report) => {
      expect(new mod.Vault().reveal()).toBe(100)
      // the old instance cannot run the new method (no such private field on it): old code, and said so
      expect(c.vault.reveal()).toBe(10)
      expect(report.stale).toContainEqual(expect.objectContaining({ name: 'Vault#reveal' }))
    },
  },
  'many-functions': {
    expect: 'live-edit',
    capture: (mod) => ({ joinURL: mod.joinURL }),
    verify: (_mod, c, report) => {
      expect(c.joinURL('a/', '/b')).toBe('a/b')
      expect(report.updated).toEqual(['joinURL']) // the one function the save changed, not all 31
    },
  },
  // closures made before the save: a factory's result, a listener it registered, arrow fields of an instance
  'factory-closure': {
    expect: 'live-edit',
    capture: (mod) => ({ $fetch: mod.$fetch }),
    verify: (_mod, c, report) => {
      expect(c.$fetch('x')).toBe('new b x')
      expect(report.updated).toEqual(['onError in createFetch()']) // what the save changed, nothing else
      expect(report.stale).toEqual([])
    },
  },
  'factory-closure-helper': {
    expect: 're-evaluate',
    capture: (mod) => ({ $fetch: mod.$fetch }),
    verify: (mod, c, report) => {
      expect(c.$fetch('x')).toBe('new b x') // made before the save, runs the new inner closure
      expect(mod.$fetch('x')).toBe('new b x')
      expect(report.updated).toContain('onError in createFetch()')
      expect(report.stale).toEqual([])
    },
  },
  'factory-closure-uses-helper': {
    expect: 're-evaluate',
    capture: (mod) => ({ $fetch: mod.$fetch }),
    verify: (mod, c, report) => {
      expect(mod.$fetch('x')).toBe('new b x')
      // the new body needs a top-level name the old module does not have: old, and named with its enclosing function
      expect(c.$fetch('x')).toBe('old b x')
      expect(report.stale).toContainEqual({
        name: 'onError in createFetch()',
        reason: 'closures made before this save keep old code: it reads other outside names now; r restarts the file',
      })
    },
  },
  'factory-captured': {
    expect: 're-evaluate',
    capture: (mod) => ({ merge: mod.defuArrayFn }), // `merge = defuArrayFn` in beforeAll
    verify: (mod, c, report) => {
      expect(c.merge({ a: 1 }, { a: 2 })).toEqual({ a: 2 })
      expect(c.merge({ list: [1] }, { list: (l: number[]) => [...l, 2] })).toEqual({ list: [1, 2] })
      expect(mod.version).toBe(2)
      expect(report.stale).toEqual([])
    },
  },
  'factory-listener': {
    expect: 're-evaluate',
    capture: (mod) => {
      const target = { handlers: [] as Array<(x: number) => number> }
      mod.listen(target)
      return { target }
    },
    verify: (_mod, c, report) => {
      expect(c.target.handlers[0](2)).toBe(200)
      expect(report.stale).toEqual([])
    },
  },
  'arrow-field-class': {
    expect: 're-evaluate',
    capture: (mod) => ({ button: new mod.Button() }),
    verify: (mod, c, report) => {
      expect(c.button.onClick()).toBe('new b')
      expect(c.button.render()).toBe('new')
      expect(new mod.Button().onClick()).toBe('new b')
      expect(report.stale).toEqual([])
    },
  },
  'closure-in-closure': {
    expect: 're-evaluate',
    capture: (mod) => ({ inner: mod.inner }),
    verify: (_mod, c, report) => {
      expect(c.inner(2)).toBe(20)
      expect(report.stale).toEqual([])
    },
  },
  'nested-scope-change': {
    expect: 'live-edit',
    capture: (mod) => ({ client: mod.client }),
    verify: (_mod, c, report) => {
      // `retries` was already in the factory's context: the closure can take a body that reads it
      expect(c.client('x')).toBe('new bx after 3')
      expect(report.stale).toEqual([])
    },
  },
}

const snippets = path.join(import.meta.dirname, 'snippets')
let dir: string
let engine: PatchEngine | undefined

afterEach(() => {
  engine?.dispose()
  engine = undefined
  rmSync(dir, { recursive: true, force: true })
})

describe.each<WrapperStyle>(['vitest', 'jest'])('%s wrapper', (style) => {
  test.each(Object.keys(scenarios))('%s', async (name) => {
    const scenario = scenarios[name]!
    dir = mkdtempSync(path.join(tmpdir(), `mp-${name}-`))
    const file = path.join(dir, 'mod.ts')
    copyFileSync(path.join(snippets, name, 'before.ts'), file)
    try {
      copyFileSync(path.join(snippets, name, 'dep.ts'), path.join(dir, 'dep.ts'))
    } catch {}
    const runner = new VmRunner(style)
    const mod = await runner.import(file)
    const captured = scenario.capture(mod)

    writeFileSync(file, readFileSync(path.join(snippets, name, 'after.ts')))
    engine = createPatchEngine(runner)
    const { files } = await engine.patch([file])
    const report = files[0]!

    if (scenario.expect === 'error') expect(report.status).toBe('error')
    else {
      expect(report, JSON.stringify(report)).toMatchObject({ status: 'patched', strategy: scenario.expect })
    }
    await scenario.verify(runner.modulesOf(file)[0]!.exports as Mod, captured, report)
  })
})

describe('phase times', () => {
  const patchOnce = async (name: string) => {
    dir = mkdtempSync(path.join(tmpdir(), `mp-phases-${name}-`))
    const file = path.join(dir, 'mod.ts')
    copyFileSync(path.join(snippets, name, 'before.ts'), file)
    const runner = new VmRunner('jest')
    await runner.import(file)
    writeFileSync(file, readFileSync(path.join(snippets, name, 'after.ts')))
    engine = createPatchEngine(runner)
    return engine.patch([file])
  }

  test('a live edit spends its time in transform, debugger, live edit and verify — not in re-evaluation', async () => {
    const { phases, ms } = await patchOnce('captured-ref')
    expect(phases).toBeDefined()
    const { transform, debugger: enable, liveEdit, verify, reevaluate, bridge } = phases!
    expect(liveEdit).toBeGreaterThan(0)
    expect(enable).toBeGreaterThan(0)
    expect(verify).toBeGreaterThan(0)
    expect(reevaluate).toBeLessThan(1) // the phase runs, with nothing to re-evaluate
    expect(bridge).toBe(0)
    expect(transform + enable + liveEdit + verify).toBeLessThanOrEqual(ms + 1)
  })

  test('a re-evaluation also spends time re-evaluating and bridging', async () => {
    const { phases } = await patchOnce('constant-change')
    expect(phases!.reevaluate).toBeGreaterThan(0)
    expect(phases!.bridge).toBeGreaterThan(0)
  })
})
