import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import type { FileReport } from '../../src/shared/report.js'
import { useEngineOnDisk } from '../harness/engine-on-disk.js'
import type { WrapperStyle } from '../harness/vm-runner.js'

// Each scenario is a named before/after snippet pair (test/engine/snippets/<name>/). The module is loaded from `before.ts`,
// references are captured the way tests and app code capture them, `after.ts` is saved over it, the engine patches,
// and every captured reference must run the new code — or be named in the report as stale. Nothing stale silently.

type Mod = Record<string, any>

interface Scenario {
  /** The report's status. */
  expect: 'patched' | 'error'
  capture(mod: Mod): Record<string, any>
  verify(mod: Mod, captured: Record<string, any>, report: FileReport): void
}

const scenarios: Record<string, Scenario> = {
  'body-edit': {
    expect: 'patched',
    capture: () => ({}),
    verify: (mod) => expect(mod.double(2)).toBe(4),
  },
  'captured-ref': {
    expect: 'patched',
    capture: (mod) => ({ double: mod.double, triple: mod.triple }),
    verify: (mod, c) => {
      expect(c.double(2)).toBe(4)
      expect(c.triple(2)).toBe(6)
      expect(mod.double).toBe(c.double) // live edit keeps identity
    },
  },
  callback: {
    expect: 'patched',
    capture: (mod) => {
      mod.subscribe()
      return {}
    },
    verify: (mod) => expect(mod.emit(1)).toEqual([2]),
  },
  'instance-method': {
    expect: 'patched',
    capture: (mod) => ({ counter: new mod.Counter(), label: mod.Counter.label }),
    verify: (_mod, c) => {
      expect(c.counter.inc()).toBe(1)
      expect(c.label()).toBe('new')
    },
  },
  'async-function': {
    expect: 'patched',
    capture: (mod) => ({ load: mod.load, ran: mod.load(1) }),
    verify: async (_mod, c) => {
      await c.ran
      await expect(c.load(2)).resolves.toBe(4)
    },
  },
  'concise-arrow': {
    expect: 'patched',
    capture: (mod) => ({ double: mod.double }),
    verify: (mod, c, report) => {
      expect(report.updated).toEqual(['double'])
      expect(mod.double(2)).toBe(4)
      expect(c.double(2)).toBe(4)
      expect(mod.double).toBe(c.double)
    },
  },
  'new-helper': {
    expect: 'patched',
    capture: (mod) => ({ price: mod.price }),
    verify: (mod, c) => {
      expect(mod.price(10)).toBe(21)
      expect(c.price(10)).toBe(21)
    },
  },
  'new-import': {
    expect: 'patched',
    capture: (mod) => ({ total: mod.total }),
    verify: (mod, c) => {
      expect(mod.total(5)).toBe(10)
      expect(c.total(5)).toBe(10)
    },
  },
  'constant-change': {
    expect: 'patched',
    capture: (mod) => ({ price: mod.price }),
    verify: (mod, c, report) => {
      expect(mod.RATE).toBe(3)
      expect(c.price(10)).toBe(30)
      expect(report.updated).toContain('RATE')
    },
  },
  'removed-export': {
    expect: 'patched',
    capture: (mod) => ({ kept: mod.kept, dropped: mod.dropped }),
    verify: (mod, c, report) => {
      // a reference to a function the save removed keeps running it: named as removed
      expect(report.removed).toEqual(['dropped'])
      expect(c.kept()).toBe('new')
      expect(mod.kept()).toBe('new')
      expect(c.dropped()).toBe('old')
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
    expect: 'patched',
    capture: (mod) => ({ before: mod.call('greet') }),
    verify: (mod, c) => {
      expect(c.before).toBe('hi')
      expect(mod.call('greet')).toBe('hello') // onDispose unregistered the old handler: no duplicate error
      // only the changed statement ran again: the counting statements did not
      expect(mod.loads).toEqual({ count: 1, reloading: [false] })
    },
  },
  'private-class': {
    expect: 'patched',
    capture: (mod) => ({ vault: new mod.Vault() }),
    verify: (_mod, c) => expect(c.vault.reveal()).toBe(100),
  },
  'private-class-structural': {
    expect: 'patched',
    capture: (mod) => ({ vault: new mod.Vault() }),
    verify: (mod, c, report) => {
      // the class is patched in place: its #secret is the one old instances hold
      expect(new mod.Vault().reveal()).toBe(100)
      expect(c.vault.reveal()).toBe(100)
      expect(report.stale).toEqual([])
    },
  },
  'many-functions': {
    expect: 'patched',
    capture: (mod) => ({ joinURL: mod.joinURL }),
    verify: (_mod, c, report) => {
      expect(c.joinURL('a/', '/b')).toBe('a/b')
      expect(report.updated).toEqual(['joinURL']) // the one function the save changed, not all 31
    },
  },
  // closures made before the save: a factory's result, a listener it registered, arrow fields of an instance
  'factory-closure': {
    expect: 'patched',
    capture: (mod) => ({ $fetch: mod.$fetch }),
    verify: (_mod, c, report) => {
      expect(c.$fetch('x')).toBe('new b x')
      expect(report.updated).toEqual(['onError in createFetch()']) // what the save changed, nothing else
      expect(report.stale).toEqual([])
    },
  },
  'factory-closure-helper': {
    expect: 'patched',
    capture: (mod) => ({ $fetch: mod.$fetch }),
    verify: (mod, c, report) => {
      expect(c.$fetch('x')).toBe('new b x') // made before the save, runs the new inner closure
      expect(mod.$fetch('x')).toBe('new b x')
      expect(report.updated).toContain('onError in createFetch()')
      expect(report.stale).toEqual([])
    },
  },
  'factory-closure-uses-helper': {
    expect: 'patched',
    capture: (mod) => ({ $fetch: mod.$fetch }),
    verify: (mod, c, report) => {
      // the new body reads a top-level name the save added: the old closure reads it from the module's record
      expect(mod.$fetch('x')).toBe('new b x')
      expect(c.$fetch('x')).toBe('new b x')
      expect(report.stale).toEqual([])
    },
  },
  'factory-captured': {
    expect: 'patched',
    capture: (mod) => ({ merge: mod.defuArrayFn }), // `merge = defuArrayFn` in beforeAll
    verify: (mod, c, report) => {
      expect(c.merge({ a: 1 }, { a: 2 })).toEqual({ a: 2 })
      expect(c.merge({ list: [1] }, { list: (l: number[]) => [...l, 2] })).toEqual({ list: [1, 2] })
      expect(mod.version).toBe(2)
      expect(report.stale).toEqual([])
    },
  },
  'factory-listener': {
    expect: 'patched',
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
    expect: 'patched',
    capture: (mod) => ({ button: new mod.Button() }),
    verify: (mod, c, report) => {
      expect(c.button.onClick()).toBe('new b')
      expect(c.button.render()).toBe('new')
      expect(new mod.Button().onClick()).toBe('new b')
      expect(report.stale).toEqual([])
    },
  },
  'closure-in-closure': {
    expect: 'patched',
    capture: (mod) => ({ inner: mod.inner }),
    verify: (_mod, c, report) => {
      expect(c.inner(2)).toBe(20)
      expect(report.stale).toEqual([])
    },
  },
  'nested-scope-change': {
    expect: 'patched',
    capture: (mod) => ({ client: mod.client }),
    verify: (_mod, c, report) => {
      // `retries` was already in the factory's context: the closure can take a body that reads it
      expect(c.client('x')).toBe('new bx after 3')
      expect(report.stale).toEqual([])
    },
  },
}

const snippets = path.join(import.meta.dirname, 'snippets')
const setup = useEngineOnDisk()

describe.each<WrapperStyle>(['vitest', 'jest'])('%s wrapper', (style) => {
  test.each(Object.keys(scenarios))('%s', async (name) => {
    const scenario = scenarios[name]!
    const { dir, file, runner, engine } = await setup(name, style)
    copyFileSync(path.join(snippets, name, 'before.ts'), file)
    try {
      copyFileSync(path.join(snippets, name, 'dep.ts'), path.join(dir, 'dep.ts'))
    } catch {}
    const mod = await runner.import(file)
    const captured = scenario.capture(mod)

    writeFileSync(file, readFileSync(path.join(snippets, name, 'after.ts')))
    const { files } = await engine.patch([file])
    const report = files[0]!

    if (scenario.expect === 'error') expect(report.status).toBe('error')
    else {
      expect(report, JSON.stringify(report)).toMatchObject({ status: 'patched' })
    }
    await scenario.verify(runner.modulesOf(file)[0]!.exports as Mod, captured, report)
  })
})

describe('phase times', () => {
  test('a patch spends its time in transform, analyse and apply, and they add up to no more than the whole', async () => {
    const { file, runner, engine } = await setup('phases', 'jest')
    copyFileSync(path.join(snippets, 'constant-change', 'before.ts'), file)
    await runner.import(file)
    writeFileSync(file, readFileSync(path.join(snippets, 'constant-change', 'after.ts')))
    const { phases, ms } = await engine.patch([file])
    const { transform, analyse, apply } = phases!
    expect(transform).toBeGreaterThan(0)
    expect(analyse).toBeGreaterThan(0)
    expect(apply).toBeGreaterThan(0)
    expect(transform + analyse + apply).toBeLessThanOrEqual(ms + 1)
  })
})
