// the Vitest worker setup decides before it loads the worker bundle

export {
  type Activation,
  type ActivationInput,
  type DisabledReason,
  decideActivation,
  disabledLine,
  enabledLine,
  isCI,
  type RunnerVersion,
  runnerAtLeast,
  unsupportedRunner,
} from './activation.js'
export { parseReloadArgs, type ReloadArgs, takeArgs } from './args.js'
export { errorMessage, PREFIX, toolLine } from './messages.js'
export type {
  EvalResult,
  FrameDetails,
  FrameSummary,
  InspectFunctions,
  MainFunctions,
  PauseAction,
  PauseInfo,
  StopAction,
  StopInfo,
  WorkerFunctions,
} from './protocol.js'
export type { FileReport, PatchReport, StaleName } from './report.js'
export type { MainRpc, WorkerChannel, WorkerRpc } from './rpc.js'
