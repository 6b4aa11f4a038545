import { describe, expect, test } from 'vitest'
import { parseReloadArgs } from '../../src/shared/args.js'

describe('parseReloadArgs', () => {
  test('nothing of ours: argv passes through', () => {
    expect(parseReloadArgs(['run', 'math', '--reporter=dot'])).toEqual({
      args: ['run', 'math', '--reporter=dot'],
      reloadLoop: undefined,
      reloadDir: undefined,
    })
  })

  test.each([
    [['--reload-loop'], true],
    [['--reloadLoop'], true],
    [['--no-reload-loop'], false],
    [['--no-reloadLoop'], false],
    [['--reload-loop=false'], false],
    [['--reload-loop', '--no-reload-loop'], false],
  ])('%j → reloadLoop %s', (argv, reloadLoop) => {
    expect(parseReloadArgs(['run', ...argv])).toEqual({ args: ['run'], reloadLoop, reloadDir: undefined })
  })

  test.each([[['--reload-dir', 'src']], [['--reload-dir=src']], [['--reloadDir', 'src']], [['--reloadDir=src']]])(
    '%j → reloadDir src',
    (argv) => {
      expect(parseReloadArgs(['run', ...argv, 'math'])).toEqual({
        args: ['run', 'math'],
        reloadLoop: undefined,
        reloadDir: 'src',
      })
    },
  )

  test('everything after -- is untouched', () => {
    expect(parseReloadArgs(['--reload-loop', 'run', '--', '--reload-loop', '--reload-dir', 'x'])).toEqual({
      args: ['run', '--', '--reload-loop', '--reload-dir', 'x'],
      reloadLoop: true,
      reloadDir: undefined,
    })
  })

  test('--reload-dir without a directory is an error, not a silent swallow of the next flag', () => {
    expect(() => parseReloadArgs(['--reload-dir'])).toThrow('--reload-dir needs a directory')
    expect(() => parseReloadArgs(['--reload-dir', '--watch'])).toThrow('needs a directory')
    expect(() => parseReloadArgs(['--reload-dir', '--', 'x'])).toThrow('needs a directory')
  })
})
