import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, describe, expect, test } from 'vitest'
import { type ChannelServer, startChannelServer } from '../../src/main/channel/channel-server.js'
import type { EvalResult, FrameDetails, InspectFunctions, StopInfo } from '../../src/shared/protocol.js'

// The real inspect helper (the built dist: it runs as a worker_thread) in a child process that plays the test
// process: the helper stops the child's main thread at the expected throw, serves the stop over its own channel
// connection to this process, resumes on the answer, and is gone afterwards. Caught errors elsewhere do not stop it.

const dist = fileURLToPath(new URL('../../dist/worker/index.js', import.meta.url))
let server: ChannelServer | undefined
let dir: string | undefined

afterEach(async () => {
  await server?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  server = dir = undefined
})

const CHILD = (distUrl: string) => `
import { armInspector } from ${JSON.stringify(distUrl)}
const [port, token] = process.argv.slice(2)
const file = new URL(import.meta.url).pathname
const noise = () => { for (let i = 0; i < 3; i++) try { JSON.parse('{bad') } catch {} }
function expectTotal(input, expected) {
  const result = input.length * 10
  if (result !== expected) throw new RangeError('total is ' + result)
}
noise()
const attempt = await armInspector({ port: Number(port), token }, {
  testName: 'cart total', testFile: file, root: '/nowhere',
  expected: { name: 'RangeError', message: 'total is 20' },
})
noise()
let caught
try {
  ;(function testBody() { const cart = 'pens and ink'; expectTotal([1, 2], 25) })()
} catch (error) { caught = error.message }
const outcome = await attempt.finish()
noise()
const hook = typeof globalThis[Symbol.for('mighty-patcher.inspect.hook')]
process.stdout.write(JSON.stringify({ outcome, caught, hook }))
`

describe('the inspect helper, for real', () => {
  test('stops at the throw in user code, serves frames and evaluation, resumes, ends', async () => {
    // the helper thread runs from the built package: `pnpm test` builds first
    expect(existsSync(dist), `${dist} is missing: build the packages first`).toBe(true)
    const stops: StopInfo[] = []
    const seen: { up?: FrameDetails; evaluated?: EvalResult; where?: EvalResult; error?: EvalResult } = {}
    server = await startChannelServer((peer) => ({
      progress: async () => {},
      pause: async () => 'skip',
      sync: async () => {},
      transform: async () => {
        throw new Error('none')
      },
      async stopped(stop) {
        stops.push(stop)
        const helper = peer.rpc as unknown as InspectFunctions
        seen.evaluated = await helper.evaluate('result * 2 + input.length')
        seen.up = await helper.frame(1)
        seen.where = await helper.evaluate('cart.toUpperCase()')
        seen.error = await helper.evaluate('$error.message')
        return 'continue'
      },
    }))
    dir = mkdtempSync(path.join(tmpdir(), 'mp-inspect-'))
    const script = path.join(dir, 'child.mjs')
    writeFileSync(script, CHILD(pathToFileURL(dist).href))
    const child = spawn(process.execPath, [script, String(server.port), server.token], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0)

    expect(JSON.parse(out)).toEqual({
      outcome: { stopped: true, action: 'continue', edited: [] },
      caught: 'total is 20', // resumed: the error went on as it would have
      hook: 'undefined', // removed after the attempt
    })
    expect(stops).toHaveLength(1) // the caught JSON.parse errors were not stopped at
    const [stop] = stops
    expect(stop!.error).toBe('RangeError: total is 20')
    expect(stop!.frames.map((f) => `${f.functionName}:${f.line}`)).toEqual([
      'expectTotal:8',
      'testBody:18',
      '<anonymous>:18',
    ])
    expect(stop!.frame.locals).toEqual([
      { name: 'input', preview: '[ 1, 2 ]' },
      { name: 'expected', preview: '25' },
      { name: 'result', preview: '20' },
    ])
    expect(stop!.frame.source.find((l) => l.line === 8)?.text).toContain("throw new RangeError('total is ' + result)")
    expect(seen.evaluated).toEqual({ ok: true, text: expect.stringContaining('42') })
    expect(seen.up?.locals).toEqual([{ name: 'cart', preview: "'pens and ink'" }])
    expect(seen.where).toEqual({ ok: true, text: expect.stringContaining('PENS AND INK') })
    expect(seen.error).toEqual({ ok: true, text: expect.stringContaining('total is 20') })
  })
})
