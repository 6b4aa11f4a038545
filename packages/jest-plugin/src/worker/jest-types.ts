// The few shapes of Jest's objects this package touches, typed structurally: the same code must run against the
// person's Jest 29.7 or 30.x, whose own typings differ (and are not our dependencies at run time).

export interface GlobalConfigLike {
  watch?: boolean
  watchAll?: boolean
}

export interface ProjectConfigLike {
  rootDir: string
  testMatch?: string[]
  setupFiles?: string[]
  setupFilesAfterEnv?: string[]
}

/** jest-circus' test entry (Circus.TestEntry), as far as the loop reads and writes it. */
export interface CircusTest {
  name: string
  mode?: string
  errors: unknown[]
  invocations: number
  startedAt?: number | null
  status?: string | null
  parent?: CircusBlock
}

export interface CircusBlock {
  name: string
  mode?: string
  parent?: CircusBlock
}

export interface CircusEvent {
  name: string
  test?: CircusTest
  /** `run_describe_start`: the block about to run. */
  describeBlock?: CircusBlock
}

export interface EnvironmentLike {
  global: Record<PropertyKey, unknown>
  getVmContext(): object | null
  handleTestEvent?(event: CircusEvent, state: unknown): unknown
}

/** A module object in jest-runtime's CommonJS registry. */
export interface JestModule {
  exports: unknown
}

/** jest-runtime's Runtime: public methods plus the internals of both layouts (≤30.3 and ≥30.4). */
export interface RuntimeLike {
  requireModule(from: string, moduleName: string): unknown
  /** What a module's `require(moduleName)` does (a mock when one is registered); every layout calls it on the instance. */
  requireModuleOrMock(from: string, moduleName: string): unknown
  requireInternalModule?(from: string): unknown
  _internalModuleRegistry?: Map<string, unknown>
  /** The source-map registry stack traces are mapped with: file → path of the map Jest's transform wrote. */
  getSourceMaps?(): Map<string, string> | null
  enterTestCode?(): void
  leaveTestCode?(): void
  _getFullTransformationOptions?(options?: object): object
  // Jest 29.7 … 30.3
  _moduleRegistry?: Map<string, JestModule>
  _isolatedModuleRegistry?: Map<string, JestModule> | null
  _cacheFS?: Map<string, string>
  _cacheFSBuffer?: Map<string, Buffer>
  _fileTransforms?: Map<string, unknown>
  _esmoduleRegistry?: Map<string, unknown>
  _isolatedESModuleRegistry?: Map<string, unknown> | null
  _scriptTransformer?: ScriptTransformerLike
  constructModuleWrapperStart?(): string
  /** Compiles a CommonJS module's transformed code (29.7 … 30.3). */
  createScriptFromCode?(scriptSource: string, filename: string): unknown
  // Jest ≥ 30.4
  registries?: { getActiveCjsRegistry(): Map<string, JestModule>; getActiveEsmRegistry?(): Map<string, unknown> }
  fileCache?: { strings: Map<string, string>; buffers: Map<string, Buffer> }
  transformCache?: { scriptTransformer: ScriptTransformerLike; transforms?: Map<string, unknown> }
  /** Compiles a CommonJS module's transformed code (≥ 30.4). */
  executor?: { compile?(scriptSource: string, filename: string): unknown }
}

/** What Jest's ScriptTransformer.transform returns (and jest-runtime keeps per file). */
export interface TransformResult {
  code: string
  originalCode?: string
  sourceMapPath?: string | null
}

export interface ScriptTransformerLike {
  transform(file: string, options: object, source: string): TransformResult
}

/** What jest-runner calls per test file (the `testRunner` option), since Jest 27. */
export type TestFramework = (
  globalConfig: GlobalConfigLike,
  config: ProjectConfigLike,
  environment: EnvironmentLike,
  runtime: RuntimeLike,
  testPath: string,
  ...rest: unknown[]
) => Promise<unknown>
