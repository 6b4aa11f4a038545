// The pause side of a test process, for the two plugins' workers: loaded at the first failure (Jest: with the test
// file). What every test process loads as its modules do — the engine, the load hook, the messages — is core/engine.

export {
  type AttemptController,
  type AttemptControllerOptions,
  type AttemptDecision,
  createAttemptController,
  type FailedAttempt,
  type FileActions,
  type RunnerActions,
} from './attempt.js'
export { type ConnectOptions, connectChannel } from './channel-client.js'
// the inspect helper runs as a thread of the built package: its test drives it from there
export { armInspector } from './inspect/inspector.js'
export type { MainConnection } from './main-link.js'
export { exportsInScope } from './scope.js'
export { linesAround } from './source-lines.js'
