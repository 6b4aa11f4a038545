export type { FileReport, PatchReport, StaleName, Strategy } from '../shared/report.js'
export type { WorkerChannel } from '../shared/rpc.js'
export type { LoadedModule, RunnerAdapter, WrappedSource } from './adapter.js'
export {
  type AttemptController,
  type AttemptControllerOptions,
  type AttemptDecision,
  createAttemptController,
  type FailedAttempt,
} from './attempt.js'
export { type ConnectOptions, connectChannel } from './channel-client.js'
export { createPatchEngine, type PatchEngine } from './engine.js'
export { evaluateInRealm } from './evaluate.js'
export {
  armInspector,
  type InspectedAttempt,
  type InspectorOptions,
  type InspectRequest,
  inspectUnavailable,
} from './inspect/inspector.js'
export type { InspectOutcome } from './inspect/messages.js'
export { createMainLink, type MainConnection, type MainLink, type MainLinkOptions } from './main-link.js'
export { exportsInScope } from './scope.js'
export { linesAround } from './source-lines.js'
