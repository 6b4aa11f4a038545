import { randomBytes, timingSafeEqual } from 'node:crypto'
import net from 'node:net'
import { createLineSplitter } from '../../shared/lines.js'
import { MAX_MESSAGE_LENGTH } from '../../shared/rpc.js'
import { createPeer, type Serve, type WorkerPeer } from './peer.js'

export interface ChannelServer {
  port: number
  /** The worker must send it as its first line. Pass port and token to workers (Vitest: `project.provide`). */
  token: string
  /** Workers currently connected. */
  peers: Set<WorkerPeer>
  close(): Promise<void>
}

export interface ChannelServerOptions {
  /** A client that has not sent the right token by then is dropped. */
  handshakeTimeout?: number
  /** A connected peer sent something that is no message of ours: it was dropped, the others go on. */
  onDropped?(reason: string): void
  /** Longest message accepted from a connected peer. */
  maxMessageLength?: number
}

const HOST = '127.0.0.1'

/**
 * Loopback TCP server for worker ↔ main RPC. Works the same for every pool (forks, threads, vm*), and main can call
 * workers, which Vitest's own worker rpc does not allow. Nothing here keeps the process alive while idle.
 */
export async function startChannelServer(
  serve: Serve,
  { handshakeTimeout = 2000, onDropped, maxMessageLength = MAX_MESSAGE_LENGTH }: ChannelServerOptions = {},
): Promise<ChannelServer> {
  const token = randomBytes(16).toString('hex')
  const expected = Buffer.from(token)
  const sockets = new Set<net.Socket>()
  const peers = new Set<WorkerPeer>()

  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.setEncoding('utf8')
    socket.setNoDelay(true)
    socket.unref()
    socket.on('error', () => {}) // a dying worker resets the connection: 'close' follows and cleans up
    const timer = setTimeout(() => socket.destroy(), handshakeTimeout)
    timer.unref()

    let onMessage: ((message: string) => void) | undefined
    let connected: { peer: WorkerPeer; close(): void } | undefined
    let received = 0
    const drop = (reason: string) => {
      if (socket.destroyed) return
      socket.destroy()
      onDropped?.(reason.length > 160 ? `${reason.slice(0, 160)}…` : reason)
    }
    const limit = { maxLength: maxMessageLength, onOverflow: () => drop('a message longer than allowed') }
    const split = createLineSplitter((line) => {
      if (onMessage) return onMessage(line)
      clearTimeout(timer)
      const got = Buffer.from(line)
      if (got.length !== expected.length || !timingSafeEqual(got, expected)) return socket.destroy()
      connected = createPeer(serve, {
        post: (message) => {
          // answers to a dead worker go nowhere
          if (!socket.destroyed) socket.write(`${message}\n`)
        },
        on: (listener) => {
          onMessage = listener
        },
        onWaiting: (waiting) => (waiting ? socket.ref() : socket.unref()),
        onBadMessage: (reason) => drop(`a bad message (${reason})`),
      })
      peers.add(connected.peer)
      socket.write('ok\n')
    }, limit)
    socket.on('data', (chunk: string) => {
      // a client that never sends a newline must not make us buffer forever
      received += chunk.length
      if (!onMessage && received > 1024) return socket.destroy()
      split(chunk)
    })
    socket.on('close', () => {
      clearTimeout(timer)
      sockets.delete(socket)
      if (!connected) return
      peers.delete(connected.peer)
      connected.close()
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
  server.unref()
  const { port } = server.address() as net.AddressInfo

  return {
    port,
    token,
    peers,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
