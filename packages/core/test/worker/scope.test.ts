import { describe, expect, test, vi } from 'vitest'
import { exportsInScope } from '../../src/worker/scope.js'

// What the pause REPL has in scope: the project's exports by name, default exports reachable, every module by path.

describe('names in scope at the prompt', () => {
  function dayjs() {
    return 'a day'
  }
  const modules = [
    { file: '/p/src/math.ts', exports: { double: 'double', default: 'math default' } },
    { file: '/p/src/format-date.ts', exports: { default: () => 'formatted' } },
    { file: '/p/src/dayjs/index.ts', exports: { default: dayjs } },
    { file: '/p/src/util/index.ts', exports: { default: { trim: true } } },
    { file: '/p/src/again.ts', exports: { double: 'second double', math: 'a named math' } },
    { file: '/p/node_modules/lib/index.js', exports: { lib: 'dependency' } },
  ]
  vi.spyOn(process, 'cwd').mockReturnValue('/p')
  const scope = exportsInScope(modules, '/p/src') as Record<string, unknown>

  test('named exports, first loaded first; a default export by its own name or its file’s, never over a named one', () => {
    expect(scope.double).toBe('double')
    expect(scope.dayjs).toBe(dayjs)
    expect((scope.formatDate as () => string)()).toBe('formatted')
    expect(scope.util).toEqual({ trim: true })
    expect(scope.math).toBe('a named math')
    expect('default' in scope).toBe(false)
    expect('lib' in scope).toBe(false)
  })

  test('every module’s exports by its path as the pause shows it (from the working directory), as $modules', () => {
    const byPath = scope.$modules as Record<string, Record<string, unknown>>
    expect(Object.keys(byPath)).toEqual([
      'src/math.ts',
      'src/format-date.ts',
      'src/dayjs/index.ts',
      'src/util/index.ts',
      'src/again.ts',
    ])
    expect(byPath['src/again.ts']?.double).toBe('second double')
    expect(byPath['src/math.ts']?.default).toBe('math default')
  })

  test('a name exported by several modules is the one the failing test file imports itself', () => {
    const preferred = exportsInScope(modules, '/p/src', new Set(['/p/src/again.ts'])) as Record<string, unknown>
    expect(preferred.double).toBe('second double')
    expect(preferred.formatDate).toBeTypeOf('function')
  })
})
