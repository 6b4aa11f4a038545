import { describe, expect, test } from 'vitest'
import { createVitestAdapter } from '../src/worker/adapter.js'

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
