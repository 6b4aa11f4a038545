import type { WorkerChannel, WorkerFunctions } from '@mighty-patcher/core/shared'

// Jest runs in band, so the main side (pause session, watcher) lives in this process. Its entry is loaded by name:
// this bundle never contains main code (design rule 2), and the two sides only share the channel's types.

const IN_BAND_ENTRY = import.meta.resolve('@mighty-patcher/jest-plugin/in-band')

export async function connectToMain(functions: WorkerFunctions): Promise<WorkerChannel> {
  const { connectInBand } = (await import(IN_BAND_ENTRY)) as {
    connectInBand(functions: WorkerFunctions): WorkerChannel
  }
  return connectInBand(functions)
}
