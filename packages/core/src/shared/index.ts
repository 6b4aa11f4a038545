export {
  type Activation,
  type ActivationInput,
  type DisabledReason,
  decideActivation,
  disabledLine,
  isCI,
} from './activation.js'
export { parseReloadArgs, type ReloadArgs } from './args.js'
export type { EvalResult, MainFunctions, PauseAction, PauseInfo, WorkerFunctions } from './protocol.js'
export type { MainRpc, WorkerChannel, WorkerRpc } from './rpc.js'
