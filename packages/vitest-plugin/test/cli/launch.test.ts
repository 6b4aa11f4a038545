import { describe, expect, test } from 'vitest'
import { isTestCommand } from '../../src/cli/launch.js'

describe('which vitest-reload commands the loop serves', () => {
  test.each([[[]], [['run']], [['watch', 'src']], [['dev']], [['related', 'a.ts']], [['math']], [['--pool', 'forks']]])(
    'test run: %j',
    (args) => expect(isTestCommand(args)).toBe(true),
  )
  test.each([[['bench']], [['init', 'browser']], [['list']], [['--help']], [['run', '-h']], [['--version']]])(
    'left to Vitest: %j',
    (args) => expect(isTestCommand(args)).toBe(false),
  )
})
