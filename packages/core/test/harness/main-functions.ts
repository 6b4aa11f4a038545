import type { WorkerPeer } from '../../src/main/channel/peer.js'
import type { MainFunctions } from '../../src/shared/protocol.js'

/** What a test's main serves: the functions it cares about; any other call fails, naming itself. */
export type PartialServe = (peer: WorkerPeer) => Partial<MainFunctions>

export function mainFunctions(own: Partial<MainFunctions>): MainFunctions {
  const missing = (name: string) => async () => {
    throw new Error(`this test's main does not serve ${name}`)
  }
  return {
    pause: missing('pause'),
    stopped: missing('stopped'),
    sync: missing('sync'),
    progress: missing('progress'),
    transform: missing('transform'),
    ...own,
  }
}

export const serving =
  (serve: PartialServe) =>
  (peer: WorkerPeer): MainFunctions =>
    mainFunctions(serve(peer))
