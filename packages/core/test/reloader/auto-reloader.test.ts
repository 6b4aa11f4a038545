import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { type AutoReloader, startAutoReloader } from '../../src/reloader/auto-reloader.js'

// The reloader started from a program itself: modules it requires afterwards are patched on save; those it had loaded
// before are named once at the start, and a save of one says why it is not patched.

let reloader: AutoReloader | undefined
let dir: string | undefined
afterEach(async () => {
  await reloader?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  reloader = dir = undefined
})

const module = (word: string) => `exports.say = function say() { return '${word}' }\n`

test('modules required before it started are named and never patched; those after are patched on save', async () => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'mp-reloader-')))
  writeFileSync(path.join(dir, 'early.js'), module('early'))
  writeFileSync(path.join(dir, 'late.js'), module('late'))
  const require = createRequire(path.join(dir, 'main.js'))
  const early = require('./early.js') as { say(): string }
  const lines: string[] = []
  let seen = () => {}
  const output = {
    write(text: string) {
      lines.push(text.trim())
      seen()
    },
  }
  const said = (pattern: RegExp) =>
    new Promise<string>((resolve) => {
      const look = () => {
        const line = lines.find((l) => pattern.test(l))
        if (line) resolve(line)
      }
      seen = look
      look()
    })
  reloader = await startAutoReloader({ dir, output, color: false })
  const earlyName = path.relative(process.cwd(), path.join(dir, 'early.js'))
  expect(lines).toContain(`[mighty-patcher] loaded before the reloader started, so never patched: ${earlyName}`)
  const late = require('./late.js') as { say(): string }
  writeFileSync(path.join(dir, 'late.js'), module('later'))
  await said(/patched [^\n]*late\.js \(updated say\)/)
  expect(late.say()).toBe('later')
  writeFileSync(path.join(dir, 'early.js'), module('earlier'))
  await said(/error [^\n]*early\.js: this module was loaded before patching started, so it is not instrumented/)
  expect(early.say()).toBe('early')
})
