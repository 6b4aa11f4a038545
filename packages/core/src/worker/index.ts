export type { WorkerChannel } from '../shared/rpc.js'
export type { LoadedModule, RunnerAdapter, WrappedSource } from './adapter.js'
export { type ConnectOptions, connectChannel } from './channel-client.js'
export { createPatchEngine, type PatchEngine } from './engine.js'
export {
  armInspector,
  type InspectedAttempt,
  type InspectorOptions,
  type InspectRequest,
  inspectUnavailable,
} from './inspect/inspector.js'
export type { InspectOutcome } from './inspect/messages.js'
export type { FileReport, PatchReport, StaleName, Strategy } from './report.js'
export { exportsInScope } from './scope.js'
