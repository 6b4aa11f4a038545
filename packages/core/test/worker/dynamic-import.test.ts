import { describe, expect, test } from 'vitest'
import { importsAsCalls } from '../../src/worker/dynamic-import.js'

describe('import() typed at the prompt', () => {
  test('becomes a call of $import, the test file’s import', () => {
    expect(importsAsCalls("const m = await import('./src/math.ts')")).toBe("const m = await $import('./src/math.ts')")
    expect(importsAsCalls("import('a').then(() => import ('b'))")).toBe("$import('a').then(() => $import ('b'))")
  })

  test('leaves alone what only looks like one: strings, comments, import.meta, a method named import', () => {
    expect(importsAsCalls("'import(x)' // import(y)")).toBeUndefined()
    expect(importsAsCalls('import.meta.url')).toBeUndefined()
    expect(importsAsCalls('loader.import(x); loader?.import(y)')).toBeUndefined()
    expect(importsAsCalls('1 +')).toBeUndefined()
  })
})
