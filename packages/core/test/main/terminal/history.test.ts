import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { historyFile, openHistory } from '../../../src/main/terminal/history.js'

// The prompt's history, kept across runs in one file per project, as NODE_REPL_HISTORY keeps Node's REPL lines.

let dir: string | undefined
const tempFile = () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mp-history-'))
  return path.join(dir, 'history')
}
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

describe('the prompt history', () => {
  test('lines typed in one run are there in the next, oldest first; a line typed twice in a row is kept once', () => {
    const file = tempFile()
    const env = { MIGHTY_PATCHER_HISTORY: file }
    const first = openHistory('/project', env)
    first.add('double(21)')
    first.add('double(21)')
    first.add('const v = {\n  a: 1 }')
    expect(openHistory('/project', env).lines).toEqual(['double(21)', 'const v = {\n  a: 1 }'])
  })

  test('the file keeps the last 1000 lines; a torn line (two runs writing at once) is skipped', () => {
    const file = tempFile()
    writeFileSync(file, `${Array.from({ length: 1005 }, (_, i) => JSON.stringify(`line ${i}`)).join('\n')}\n"torn`)
    const lines = openHistory('/project', { MIGHTY_PATCHER_HISTORY: file }).lines
    expect(lines).toHaveLength(1000)
    expect(lines[0]).toBe('line 5')
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(1001)
  })

  test('off when the variable is empty, and in CI; otherwise per project in the state folder, never in the project', () => {
    expect(historyFile('/work/app', { MIGHTY_PATCHER_HISTORY: '' })).toBeUndefined()
    expect(historyFile('/work/app', { CI: 'true' })).toBeUndefined()
    const file = historyFile('/work/app', { XDG_STATE_HOME: '/state' })
    expect(file).toMatch(/^\/state\/mighty-patcher\/history\/app-[0-9a-f]{10}$/)
    expect(historyFile('/other/app', { XDG_STATE_HOME: '/state' })).not.toBe(file)
    const off = openHistory('/work/app', { MIGHTY_PATCHER_HISTORY: '' })
    off.add('1 + 1')
    expect(off.lines).toEqual(['1 + 1']) // still there for this run
  })
})
