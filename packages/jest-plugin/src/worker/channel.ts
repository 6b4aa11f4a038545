import type { WorkerFunctions } from '@mighty-patcher/core/shared'
import { type MainConnection as ChannelToMain, connectChannel } from '@mighty-patcher/core/worker'

// Jest runs in band, so the main side (pause session, watcher) lives in this process, on a thread of its own. Its entry
// is loaded by name: this bundle never contains main code (docs/architecture.md, "The worker never loads main"), and
// the two sides only share the channel's types.

const IN_BAND_ENTRY = import.meta.resolve('@mighty-patcher/jest-plugin/internal/in-band')

/** The channel to the session, and what only Jest's in-band host offers besides. */
export interface MainConnection extends ChannelToMain {
  /** Mutes Jest's status redraw while the terminal is the prompt's (nestable). */
  holdStatus(): void
  releaseStatus(): void
  /** Lets the session run Jest's transform of saves while this thread is stopped by inspect. */
  offerTransform(context: TransformContext): void
  /** This test file's ts-jest type-checks: the session checks saves after their patch, on a thread of its own. */
  offerTypeCheck(context: TransformContext, warmFile: string): void
}

/** As main/host-messages.ts: what the session thread needs to run this test file's transform. */
export interface TransformContext {
  transformModule: string
  config: { rootDir: string }
  options: object
}

interface InBandHost {
  port: number
  token: string
  status: { hold(): void; release(): void }
  offerTransform(context: TransformContext): void
  offerTypeCheck(context: TransformContext, warmFile: string): void
}

export async function connectToMain(functions: WorkerFunctions): Promise<MainConnection> {
  const { inBandHost } = (await import(IN_BAND_ENTRY)) as { inBandHost(): Promise<InBandHost> }
  const host = await inBandHost()
  const { port, token, status } = host
  const channel = await connectChannel({ port, token, functions })
  return {
    channel,
    port,
    token,
    holdStatus: () => status.hold(),
    releaseStatus: () => status.release(),
    offerTransform: (context) => host.offerTransform(context),
    offerTypeCheck: (context, warmFile) => host.offerTypeCheck(context, warmFile),
  }
}
