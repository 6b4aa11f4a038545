export type { LoadedModule, RunnerAdapter, WrappedSource } from './adapter.js'
export { createPatchEngine, type PatchEngine } from './engine.js'
export type { FileReport, PatchReport, StaleName, Strategy } from './report.js'
