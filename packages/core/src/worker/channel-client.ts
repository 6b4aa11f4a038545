import net from 'node:net'
import { createLineSplitter } from '../shared/lines.js'
import { PREFIX } from '../shared/messages.js'
import type { MainFunctions, WorkerFunctions } from '../shared/protocol.js'
import { createRpc, MAX_MESSAGE_LENGTH, type WorkerChannel } from '../shared/rpc.js'

export interface ConnectOptions {
  port: number
  token: string
  /** What this test process serves to main while it is paused. */
  functions: WorkerFunctions
}

/**
 * Connects a test process to the main process's channel server. The socket only holds the event loop while a call
 * to main is pending (a pause), so an idle connection never keeps a finished worker alive.
 */
export function connectChannel({ port, token, functions }: ConnectOptions): Promise<WorkerChannel> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' })
    socket.setEncoding('utf8')
    socket.setNoDelay(true)
    const listeners = new Set<() => void>()
    let onMessage: ((message: string) => void) | undefined
    let channel: WorkerChannel | undefined
    let closed = false
    // a port that belongs to something else may never answer: do not wait forever for "ok"
    const timer = setTimeout(
      () => socket.destroy(new Error(`${PREFIX} the main process did not answer the handshake`)),
      5000,
    )

    const split = createLineSplitter(
      (line) => {
        if (onMessage) return onMessage(line)
        clearTimeout(timer)
        if (line !== 'ok') return socket.destroy(new Error(`${PREFIX} unexpected handshake reply "${line}"`))
        const main = createRpc<MainFunctions, WorkerFunctions>(functions, {
          post: (message) => {
            if (!socket.destroyed) socket.write(`${message}\n`)
          },
          on: (listener) => {
            onMessage = listener
          },
          onWaiting: (waiting) => (waiting ? socket.ref() : socket.unref()),
          // nothing but main has the token; a frame that makes no sense ends the channel rather than this process
          onBadMessage: () => socket.destroy(),
        })
        socket.unref()
        channel = {
          main,
          onClose(listener) {
            if (closed) queueMicrotask(listener)
            else listeners.add(listener)
          },
          close: () => socket.destroy(),
        }
        resolve(channel)
      },
      { maxLength: MAX_MESSAGE_LENGTH, onOverflow: () => socket.destroy() },
    )

    socket.on('connect', () => socket.write(`${token}\n`))
    socket.on('data', split)
    socket.on('error', (error) => {
      if (!channel) reject(error)
    })
    socket.on('close', () => {
      clearTimeout(timer)
      closed = true
      if (!channel) return reject(new Error(`${PREFIX} the main process refused this worker (wrong token?)`))
      channel.main.$close(new Error(`${PREFIX} channel to the main process closed`))
      for (const listener of listeners) listener()
      listeners.clear()
    })
  })
}
