import { describe, expect, test } from 'vitest'
import { createVitestAdapter } from '../src/worker/adapter.js'
import { followSourceMap } from '../src/worker/vitest-internals.js'

// The module runner's wrapper, as Vitest 4.1 and 5.x build it (docs/architecture.md, "Vitest: module evaluation").
const PREFIX =
  "'use strict';async (__vite_ssr_exports__,__vite_ssr_import_meta__,__vite_ssr_import__,__vite_ssr_dynamic_import__,__vite_ssr_exportAll__,__vite_ssr_exportName__,__filename,__dirname,module,exports,require)=>{{"

describe('unwrap', () => {
  const { unwrap } = createVitestAdapter(() => new Set())

  test('splits the wrapper from the module code', () => {
    const code = 'function double(x) { return x * 2 }\n//# sourceMappingURL=data:…'
    expect(unwrap(`${PREFIX}${code}\n}}`)).toEqual({ prefix: PREFIX, code, suffix: '\n}}' })
  })

  test('keeps extra wrapper arguments (compiledFunctionArgumentsNames) in the prefix', () => {
    const prefix = PREFIX.replace('require)', 'require,__extra__)')
    expect(unwrap(`${prefix}x\n}}`)?.prefix).toBe(prefix)
  })

  test('refuses scripts that are not modules of the runner', () => {
    expect(unwrap('function plain() {}')).toBeNull()
    expect(unwrap(`${PREFIX}unterminated`)).toBeNull()
  })
})

describe('followSourceMap: the map Vite maps stacks with follows the code that runs', () => {
  const node = () => ({ id: '/p/src/math.ts', url: '/src/math.ts', file: '/p/src/math.ts' })

  test('the fresh fetch result replaces the old one, and the map cached from it goes', () => {
    const module = { ...node(), meta: { code: 'old', sourceMap: '{"old":1}' }, map: { decoded: 'old' } }
    followSourceMap(module, 'new', { code: 'new', sourceMap: '{"new":1}' })
    expect(module.meta).toEqual({ code: 'new', sourceMap: '{"new":1}' })
    expect(module.map).toBeUndefined()
  })

  test('without a fetch of that code: the code itself (its inline map, if any), never the old map', () => {
    const module = { ...node(), meta: { code: 'old', sourceMap: '{"old":1}', id: 'x' }, map: { decoded: 'old' } }
    followSourceMap(module, 'stopped edit', undefined)
    expect(module.meta).toEqual({ code: 'stopped edit', id: 'x' })
    expect(module.map).toBeUndefined()
  })
})
