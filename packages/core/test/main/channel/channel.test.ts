import net from 'node:net'
import { networkInterfaces } from 'node:os'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { type ChannelServer, startChannelServer } from '../../../src/main/channel/channel-server.js'
import type { WorkerPeer } from '../../../src/main/channel/peer.js'
import type { PauseAction, PauseInfo, WorkerFunctions } from '../../../src/shared/protocol.js'
import type { FileReport } from '../../../src/shared/report.js'
import type { WorkerChannel } from '../../../src/shared/rpc.js'
import { connectChannel } from '../../../src/worker/channel-client.js'
import { createLocalChannel } from '../../harness/local-channel.js'
import { type PartialServe, serving } from '../../harness/main-functions.js'

const info: PauseInfo = {
  testName: 'math › double',
  testFile: '/p/math.test.ts',
  attempt: 1,
  errors: ['boom'],
  pid: 42,
}

const workerFunctions: WorkerFunctions = {
  patch: async (files) => ({ files: files.map((file) => unchanged(file)), ms: 1 }),
  evaluate: async (expression) => ({ ok: true, text: `evaluated ${expression}` }),
}
const unchanged = (file: string): FileReport => ({
  file,
  status: 'unchanged',
  updated: [],
  added: [],
  removed: [],
  stale: [],
  reran: [],
  moved: [],
  ms: 0,
})

let server: ChannelServer | undefined
const clients: WorkerChannel[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  await server?.close()
  server = undefined
})

async function start(serve: PartialServe) {
  server = await startChannelServer(serving(serve), { handshakeTimeout: 200 })
  return server
}

async function connect(port: number, token: string, functions = workerFunctions) {
  const client = await connectChannel({ port, token, functions })
  clients.push(client)
  return client
}

function tryConnect(host: string, port: number) {
  return new Promise<string>((resolve) => {
    const socket = net.connect(port, host, () => {
      socket.destroy()
      resolve('connected')
    })
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
  })
}

/** Ref'ed TCP handles: what keeps a process from exiting. */
function tcpHandles() {
  const resources = process.getActiveResourcesInfo()
  return {
    servers: resources.filter((name) => name === 'TCPServerWrap').length,
    sockets: resources.filter((name) => name === 'TCPSocketWrap').length,
  }
}

/** A raw TCP client: resolves with everything the server sent once the server hangs up. */
function rawClient(port: number, send?: string) {
  const socket = net.connect(port, '127.0.0.1')
  if (send !== undefined) socket.write(send)
  let received = ''
  socket.on('data', (chunk) => {
    received += chunk
  })
  return new Promise<string>((resolve) => socket.on('close', () => resolve(received)))
}

describe('channel over TCP', () => {
  test('worker → main and main → worker calls round-trip', async () => {
    let seen: WorkerPeer | undefined
    const { port, token, peers } = await start((peer) => ({
      async pause(got) {
        seen = peer
        // main calls back into the worker while the worker waits for the answer
        const report = await peer.rpc.patch(['/p/math.ts'])
        const evaluated = await peer.rpc.evaluate('1 + 1')
        return report.files[0]?.file === '/p/math.ts' && evaluated.text === 'evaluated 1 + 1' && got.pid === 42
          ? 'continue'
          : 'skip'
      },
    }))
    const client = await connect(port, token)
    expect(await client.main.pause(info)).toBe('continue')
    expect(peers).toEqual(new Set([seen]))
  })

  test('errors thrown on one side arrive as errors with their message on the other', async () => {
    const { port, token } = await start((peer) => ({
      async pause() {
        await peer.rpc.patch(['/p/x.ts'])
        return 'continue'
      },
    }))
    const client = await connect(port, token, {
      ...workerFunctions,
      patch: async () => {
        throw new TypeError('engine exploded')
      },
    })
    await expect(client.main.pause(info)).rejects.toMatchObject({ name: 'TypeError', message: 'engine exploded' })
  })

  test('listens on 127.0.0.1 only', async () => {
    const { port } = await start(() => ({ pause: async () => 'skip' }))
    await expect(tryConnect('127.0.0.1', port)).resolves.toBe('connected')
    // 127.0.0.2 is loopback too on Linux, but not the address we bound; other interfaces must not answer either
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((address) => address && !address.internal && address.family === 'IPv4')
      .map((address) => address!.address)
    if (process.platform === 'linux') others.push('127.0.0.2')
    for (const host of others) await expect(tryConnect(host, port)).resolves.toBe('ECONNREFUSED')
  })

  test('a wrong token is refused: the socket is closed and no peer appears', async () => {
    const { port, peers } = await start(() => ({ pause: async () => 'skip' }))
    const received = await rawClient(port, 'not-the-token\n')
    expect(received).toBe('') // no "ok", no rpc
    expect(peers.size).toBe(0)
    await expect(connectChannel({ port, token: 'f'.repeat(32), functions: workerFunctions })).rejects.toThrow(
      'refused this worker',
    )
  })

  test('a client that sends no token is dropped after the handshake timeout', async () => {
    const { port, peers } = await start(() => ({ pause: async () => 'skip' }))
    const started = Date.now()
    expect(await rawClient(port)).toBe('')
    expect(Date.now() - started).toBeGreaterThanOrEqual(150)
    expect(peers.size).toBe(0)
  })

  test('a client flooding bytes without a newline is dropped without waiting for the timeout', async () => {
    const { port } = await start(() => ({ pause: async () => 'skip' }))
    const started = Date.now()
    expect(await rawClient(port, 'x'.repeat(5000))).toBe('')
    expect(Date.now() - started).toBeLessThan(150)
  })

  test('the right token on the raw socket gets "ok"', async () => {
    const { port, token } = await start(() => ({ pause: async () => 'skip' }))
    const socket = net.connect(port, '127.0.0.1')
    socket.write(`${token}\n`)
    const first = await new Promise<string>((resolve) => socket.once('data', (chunk) => resolve(String(chunk))))
    socket.destroy()
    expect(first).toBe('ok\n')
  })

  test('a worker that dies mid-pause: its peer closes, leaves `peers`, and calls to it reject', async () => {
    let pausedPeer: ((peer: WorkerPeer) => void) | undefined
    const peerPaused = new Promise<WorkerPeer>((resolve) => {
      pausedPeer = resolve
    })
    const settled: PauseAction[] = []
    const { port, token, peers } = await start((peer) => ({
      pause: () =>
        new Promise<PauseAction>((resolve) => {
          peer.onClose(() => {
            settled.push('skip')
            resolve('skip')
          })
          pausedPeer?.(peer)
        }),
    }))
    const client = await connect(port, token, {
      ...workerFunctions,
      patch: () => new Promise(() => {}), // the worker dies before it answers
    })
    void client.main.pause(info).catch(() => {})
    const peer = await peerPaused
    const patching = peer.rpc.patch(['/p/math.ts'])
    const closed = new Promise<void>((resolve) => peer.onClose(resolve))

    client.close() // the worker process is gone
    await closed
    expect(peer.closed).toBe(true)
    expect(peers.size).toBe(0)
    expect(settled).toEqual(['skip'])
    await expect(patching).rejects.toThrow('closed')
  })

  test('main going away rejects the worker’s pending pause instead of leaving it hanging', async () => {
    const { port, token } = await start(() => ({ pause: () => new Promise<PauseAction>(() => {}) }))
    const client = await connect(port, token)
    const closed = new Promise<void>((resolve) => client.onClose(resolve))
    const pausing = client.main.pause(info)
    await new Promise((resolve) => setImmediate(resolve))
    await server?.close()
    await expect(pausing).rejects.toThrow('closed')
    await closed
  })

  test('sockets hold the event loop only while a call is pending; the server never', async () => {
    let answer: ((action: PauseAction) => void) | undefined
    const before = tcpHandles()
    const { port, token } = await start(() => ({
      pause: () =>
        new Promise<PauseAction>((resolve) => {
          answer = resolve
        }),
    }))
    expect(tcpHandles()).toEqual(before)
    const client = await connect(port, token)
    expect(tcpHandles()).toEqual(before) // idle connection: neither end holds the loop

    const pausing = client.main.pause(info)
    await vi.waitFor(() => expect(answer).toBeDefined())
    expect(tcpHandles().sockets).toBe(before.sockets + 1) // the waiting worker keeps itself alive
    answer?.('continue')
    await pausing
    expect(tcpHandles()).toEqual(before)
  })
})

describe('local channel (Jest in band)', () => {
  test('same interface: pause round-trips with main calling back into the worker', async () => {
    const local = createLocalChannel(
      serving((peer) => ({
        async pause() {
          const evaluated = await peer.rpc.evaluate('$error')
          return evaluated.text === 'evaluated $error' ? 'continue' : 'skip'
        },
      })),
    )
    const channel = local.connect(workerFunctions)
    expect(local.peers.size).toBe(1)
    expect(await channel.main.pause(info)).toBe('continue')
  })

  test('values are copied as over a socket, errors keep their message', async () => {
    let received: PauseInfo | undefined
    const local = createLocalChannel(
      serving((peer) => ({
        async pause(got) {
          received = got
          await peer.rpc.patch([])
          return 'continue'
        },
      })),
    )
    const channel = local.connect({
      ...workerFunctions,
      patch: async () => {
        throw new Error('nope')
      },
    })
    await expect(channel.main.pause(info)).rejects.toThrow('nope')
    expect(received).toEqual(info)
    expect(received).not.toBe(info)
  })

  test('closing the worker end closes the peer and rejects pending calls both ways', async () => {
    let peer: WorkerPeer | undefined
    const local = createLocalChannel(
      serving((p) => {
        peer = p
        return { pause: () => new Promise<PauseAction>(() => {}) }
      }),
    )
    const channel = local.connect({ ...workerFunctions, patch: () => new Promise(() => {}) })
    const pausing = channel.main.pause(info)
    await new Promise((resolve) => setImmediate(resolve))
    const patching = peer!.rpc.patch(['/p/a.ts'])
    channel.close()
    await expect(pausing).rejects.toThrow('closed')
    await expect(patching).rejects.toThrow('closed')
    expect(peer!.closed).toBe(true)
    expect(local.peers.size).toBe(0)
  })
})
