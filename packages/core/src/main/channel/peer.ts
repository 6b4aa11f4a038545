import { PREFIX } from '../../shared/messages.js'
import type { MainFunctions, WorkerFunctions } from '../../shared/protocol.js'
import { createRpc, type RpcTransport, type WorkerRpc } from '../../shared/rpc.js'
import { MAIN_ARGUMENTS } from '../../shared/schemas.js'

/** One connected test process, as the main process sees it. */
export interface WorkerPeer {
  /** Unique per connection within this process. */
  readonly id: number
  /** Calls into the worker: `peer.rpc.patch(files)`, `peer.rpc.evaluate(expr)`. */
  readonly rpc: WorkerRpc
  readonly closed: boolean
  /** Runs once when the worker disconnects (or right away if it already has). Pending calls to it are rejected. */
  onClose(listener: () => void): void
}

export type Serve = (peer: WorkerPeer) => MainFunctions

let nextId = 1

/** Wires a peer's rpc to a transport; `serve` gets the peer before any message can arrive. */
export function createPeer(serve: Serve, transport: RpcTransport): { peer: WorkerPeer; close(): void } {
  const listeners = new Set<() => void>()
  let closed = false
  const functions = {} as MainFunctions
  const rpc = createRpc<WorkerFunctions, MainFunctions>(functions, transport, MAIN_ARGUMENTS)
  const peer: WorkerPeer = {
    id: nextId++,
    rpc,
    get closed() {
      return closed
    },
    onClose(listener) {
      if (closed) queueMicrotask(listener)
      else listeners.add(listener)
    },
  }
  Object.assign(functions, serve(peer))
  return {
    peer,
    close() {
      if (closed) return
      closed = true
      rpc.$close(new Error(`${PREFIX} worker channel ${peer.id} closed`))
      for (const listener of listeners) listener()
      listeners.clear()
    },
  }
}
