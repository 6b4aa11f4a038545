// What a test process loads with its first module (docs/architecture.md, "Cost when nothing fails"): the engine and
// the load hook, nothing of the pause. The pause side — attempt controller, channel, inspect — is core/worker, which
// a runner loads at the first failure; the parser loads with the first module not in the load cache.

export { runtimeOf } from '../runtime/runtime.js'
export { errorMessage, PREFIX, toolLine } from '../shared/messages.js'
export type { LoadedModule, RunnerAdapter } from './adapter.js'
export type { V8FunctionCoverage } from './coverage.js'
export { createPatchEngine, type PatchEngine } from './engine.js'
export { instrumentOnLoad } from './load-hook.js'
