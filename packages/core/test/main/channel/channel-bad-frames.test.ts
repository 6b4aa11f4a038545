import net from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { type ChannelServer, startChannelServer } from '../../../src/main/channel/channel-server.js'
import type { PauseInfo, WorkerFunctions } from '../../../src/shared/protocol.js'
import type { WorkerChannel } from '../../../src/shared/rpc.js'
import { connectChannel } from '../../../src/worker/channel-client.js'
import { serving } from '../../harness/main-functions.js'

// A peer that has the token and then sends something that is no message of ours: it is dropped with one line, and
// the server, the session and the other workers go on. Before, one bad line threw inside birpc's handler and ended
// the main process.

const info: PauseInfo = { testName: 't', testFile: '/p/t.test.ts', attempt: 1, errors: ['boom'], pid: 7 }
const workerFunctions: WorkerFunctions = {
  patch: async () => ({ files: [], ms: 0 }),
  evaluate: async (expression) => ({ ok: true, text: expression }),
}

let server: ChannelServer | undefined
const clients: WorkerChannel[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  await server?.close()
  server = undefined
})

async function start(maxMessageLength?: number) {
  const dropped: string[] = []
  server = await startChannelServer(
    serving(() => ({ pause: async () => 'continue', progress: async () => {} })),
    {
      onDropped: (reason) => dropped.push(reason),
      ...(maxMessageLength ? { maxMessageLength } : {}),
    },
  )
  return { server, dropped }
}

/** A client with the token that then sends `frames`; resolves when the server hangs up. */
function badPeer(port: number, token: string, frames: string[]): Promise<void> {
  const socket = net.connect(port, '127.0.0.1')
  socket.on('error', () => {})
  socket.write(`${token}\n`)
  socket.once('data', () => {
    for (const frame of frames) socket.write(frame)
  })
  return new Promise((resolve) => socket.on('close', () => resolve()))
}

async function goodWorker(port: number, token: string) {
  const client = await connectChannel({ port, token, functions: workerFunctions })
  clients.push(client)
  return client
}

describe('a connected peer that sends a bad frame', () => {
  test.each([
    ['bad JSON', 'this is not json\n', /bad message.*JSON/],
    ['JSON that is no rpc message', '42\n', /bad message \(not an rpc message\)/],
    [
      'an unknown function',
      `${JSON.stringify({ t: 'q', i: '1', m: 'launchMissiles', a: [] })}\n`,
      /unknown function "launchMissiles"/,
    ],
    [
      'a prototype name as function',
      `${JSON.stringify({ t: 'q', i: '1', m: 'constructor', a: [] })}\n`,
      /unknown function "constructor"/,
    ],
    [
      'a pause whose fields are not a pause (a peer with the token, as in Vitest watch mode)',
      `${JSON.stringify({ t: 'q', i: '1', m: 'pause', a: [{ testName: 't', pid: 7 }] })}\n`,
      /bad arguments for "pause" \(0\.testFile: /,
    ],
    [
      'a progress whose phase is none of ours',
      `${JSON.stringify({ t: 'q', i: '1', m: 'progress', a: [{ file: '/p/a.ts', phase: 'launch' }] })}\n`,
      /bad arguments for "progress" \(0\.phase: /,
    ],
    [
      'arguments that are no list',
      `${JSON.stringify({ t: 'q', i: '1', m: 'pause', a: 'x' })}\n`,
      /arguments are not a list/,
    ],
  ])('%s: that peer is dropped with one line, the others go on', async (_name, frame, reason) => {
    const { server, dropped } = await start()
    const other = await goodWorker(server.port, server.token)
    await badPeer(server.port, server.token, [frame])
    expect(dropped).toHaveLength(1)
    expect(dropped[0]).toMatch(reason)
    expect(server.peers.size).toBe(1)
    expect(await other.main.pause(info)).toBe('continue')
    const late = await goodWorker(server.port, server.token)
    expect(await late.main.pause(info)).toBe('continue')
  })

  test('a line longer than the cap is dropped as it grows, not buffered to the end', async () => {
    const { server, dropped } = await start(64 * 1024)
    const other = await goodWorker(server.port, server.token)
    const chunk = 'x'.repeat(16 * 1024)
    // a megabyte without a newline: the server hangs up long before the end
    await badPeer(
      server.port,
      server.token,
      Array.from({ length: 64 }, () => chunk),
    )
    expect(dropped).toEqual(['a message longer than allowed'])
    expect(await other.main.pause(info)).toBe('continue')
  })
})

describe('a worker whose main sends a bad frame', () => {
  test('closes its channel instead of crashing', async () => {
    const fakeMain = net.createServer((socket) => {
      socket.once('data', () => socket.write('ok\nthis is not json\n'))
    })
    await new Promise<void>((resolve) => fakeMain.listen(0, '127.0.0.1', resolve))
    const { port } = fakeMain.address() as net.AddressInfo
    const channel = await connectChannel({ port, token: 'x', functions: workerFunctions })
    await new Promise<void>((resolve) => channel.onClose(resolve))
    fakeMain.close()
  })
})
