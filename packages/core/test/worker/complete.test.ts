import vm from 'node:vm'
import { describe, expect, test } from 'vitest'
import { completionsInRealm } from '../../src/worker/complete.js'
import { evaluateInRealm } from '../../src/worker/evaluate.js'

// Tab at the prompt, answered in the test process: names in scope, properties of values, never a getter called.

const failure = new Error('expected 15 to be 25')

describe('completions', () => {
  const realm = vm.runInContext('globalThis', vm.createContext({})) as object
  const scope = {
    double: (x: number) => x * 2,
    divide: (a: number, b: number) => a / b,
    config: {
      retries: 3,
      region: 'eu',
      get remote(): never {
        throw new Error('a getter must not run')
      },
    },
  }
  const complete = (line: string) => completionsInRealm(realm, line, failure, scope)

  test('a word: the exports, the lines’ own declarations, $error and the globals that start with it', async () => {
    await evaluateInRealm(realm, 'const doubled = 4', failure, scope)
    expect(complete('1 + d')).toEqual({
      partial: 'd',
      names: ['decodeURI', 'decodeURIComponent', 'divide', 'double', 'doubled'],
    })
    expect(complete('$e').names).toEqual(['$error'])
    expect(complete('Prom').names).toEqual(['Promise'])
  })

  test('after a dot: the properties of that value, inherited ones too, without calling a getter', () => {
    expect(complete('config.re')).toEqual({ partial: 're', names: ['region', 'remote', 'retries'] })
    expect(complete('$error.mes').names).toEqual(['message'])
    expect(complete('config.region.toUp').names).toEqual(['toUpperCase'])
    expect(complete('config.remote.x').names).toEqual([]) // reached through a getter: not read
    expect(complete('double(1).').names).toEqual([]) // a call is never made
  })
})
