// What the two plugins' worker sides use (and the engine benchmark): nothing else of core/worker is public. The
// messages come from here too: core/shared also holds the main side's activation, whose semver a test process, which
// loads this for every test file, does not need.

export type { V8FunctionCoverage } from '../engine/coverage.js'
export { createPatchEngine, type PatchEngine } from '../engine/engine.js'
export { instrumentOnLoad } from '../engine/load-hook.js'
export { runtimeOf } from '../runtime/runtime.js'
export { errorMessage, PREFIX, toolLine } from '../shared/messages.js'
export type { LoadedModule, RunnerAdapter } from './adapter.js'
export {
  type AttemptController,
  type AttemptControllerOptions,
  type AttemptDecision,
  createAttemptController,
  type FailedAttempt,
} from './attempt.js'
export { type ConnectOptions, connectChannel } from './channel-client.js'
// the inspect helper runs as a thread of the built package: its test drives it from there
export { armInspector } from './inspect/inspector.js'
export type { MainConnection } from './main-link.js'
export { exportsInScope } from './scope.js'
export { linesAround } from './source-lines.js'
