import { createPeer, type Serve, type WorkerPeer } from '../../src/main/channel/peer.js'
import type { MainFunctions, WorkerFunctions } from '../../src/shared/protocol.js'
import { createRpc, type RpcTransport, type WorkerChannel } from '../../src/shared/rpc.js'

export interface LocalChannel {
  /** The worker side's `connectChannel`: same result, no socket. */
  connect(functions: WorkerFunctions): WorkerChannel
  peers: Set<WorkerPeer>
  close(): Promise<void>
}

/**
 * Main and worker in one process, for tests of the session and the channel. Messages still go through birpc and JSON, delivered on a later
 * microtask like a socket would, so the session cannot tell the difference.
 */
export function createLocalChannel(serve: Serve): LocalChannel {
  const peers = new Set<WorkerPeer>()
  const closers = new Set<() => void>()

  return {
    peers,
    connect(functions) {
      const [mainEnd, workerEnd, cut] = createPipe()
      const listeners = new Set<() => void>()
      let closed = false
      const connected = createPeer(serve, mainEnd)
      const main = createRpc<MainFunctions, WorkerFunctions>(functions, workerEnd)
      peers.add(connected.peer)
      const close = () => {
        if (closed) return
        closed = true
        closers.delete(close)
        cut()
        peers.delete(connected.peer)
        connected.close()
        main.$close(new Error('[mighty-patcher] channel to the main process closed'))
        for (const listener of listeners) listener()
        listeners.clear()
      }
      closers.add(close)
      return {
        main,
        onClose(listener) {
          if (closed) queueMicrotask(listener)
          else listeners.add(listener)
        },
        close,
      }
    },
    async close() {
      for (const close of [...closers]) close()
    },
  }
}

/** Two connected ends; after `cut()` nothing more is delivered, like a closed socket. */
function createPipe(): [RpcTransport, RpcTransport, cut: () => void] {
  const listeners: { main?: (message: string) => void; worker?: (message: string) => void } = {}
  let open = true
  const end = (self: 'main' | 'worker', other: 'main' | 'worker'): RpcTransport => ({
    post: (message) =>
      queueMicrotask(() => {
        if (open) listeners[other]?.(message)
      }),
    on: (listener) => {
      listeners[self] = listener
    },
  })
  return [
    end('main', 'worker'),
    end('worker', 'main'),
    () => {
      open = false
    },
  ]
}
