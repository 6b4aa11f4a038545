import { createRequire } from 'node:module'

// ts-jest 29.4's internals, as far as the loop reads them (docs/architecture.md, "Jest: ts-jest"): shared by the test
// thread, which compiles a save without the type check, and the type-check thread, which runs the check after the
// patch. Every name is checked before use: another shape answers undefined and the caller does what Jest does.

export interface TsDiagnostic {
  /** Set for a diagnostic in a file (a syntax error); unset for an option diagnostic. */
  file?: unknown
}

export interface TsJestConfigSet {
  isolatedModules: boolean
  babelJestTransformer?: unknown
  shouldStringifyContent(file: string): boolean
  raiseDiagnostics(diagnostics: TsDiagnostic[], file: string, logger?: unknown): void
}

export interface TsJestCompiler {
  _initialCompilerOptions: object
  _compilerOptions: object
  _logger?: unknown
  /** What the language service reads for `file` from now on. */
  _updateMemoryCache?(content: string, file: string): void
  fixupCompilerOptionsForModuleKind?(options: object, esm: boolean): object
  _transpileOutput(
    source: string,
    file: string,
  ): { outputText: string; sourceMapText?: string; diagnostics?: TsDiagnostic[] }
}

interface TsJestTransformerShape {
  _configsFor(options: object): TsJestConfigSet
  _compiler?: { _compilerInstance?: TsJestCompiler }
}

/** Jest's ScriptTransformer, with the internals read here (the same names in 29.7 and 30.x). */
export interface ScriptTransformerInternals {
  _config?: object
  _cacheFS?: Map<string, string>
  _getTransformer?(file: string): { transformer?: unknown } | null
  _getTransformPath?(file: string): string | undefined
  shouldTransform?(file: string): boolean
}

export interface TypeCheckingTsJest {
  /** The transformer instance Jest loaded for the file. */
  instance: object
  configSet: TsJestConfigSet
  compiler: TsJestCompiler
  /** ts-jest's own: the output with its inline source map, as its isolated path returns it. */
  updateOutput(outputText: string, file: string, sourceMapText?: string): string
}

/**
 * ts-jest in LanguageService mode (it type-checks `file` at each compile), or undefined for any other transformer:
 * babel-jest, a custom one, another ts-jest, ts-jest with `isolatedModules` (already fast) or piping into babel.
 */
export function typeCheckingTsJest(
  scriptTransformer: object,
  file: string,
  options: object,
): TypeCheckingTsJest | undefined {
  const jest = scriptTransformer as ScriptTransformerInternals
  if ((options as { collectCoverage?: boolean }).collectCoverage || process.env.TS_JEST_HOOKS) return undefined
  if (!/\.[cm]?tsx?$/.test(file) || file.endsWith('.d.ts')) return undefined
  if (!jest._config || !jest._cacheFS || (jest.shouldTransform && !jest.shouldTransform(file))) return undefined
  try {
    const instance = jest._getTransformer?.(file)?.transformer as Partial<TsJestTransformerShape> | undefined
    if (!instance || typeof instance._configsFor !== 'function') return undefined
    // ts-jest's first step of every compile: the config set (and compiler) of this Jest project
    const configSet = instance._configsFor({ ...options, config: jest._config, cacheFS: jest._cacheFS })
    const compiler = instance._compiler?._compilerInstance
    if (configSet.isolatedModules !== false || configSet.babelJestTransformer) return undefined
    if (configSet.shouldStringifyContent(file) || typeof compiler?._transpileOutput !== 'function') return undefined
    const updateOutput = tsJestUpdateOutput(instance, jest._getTransformPath?.(file))
    return updateOutput && { instance, configSet, compiler, updateOutput }
  } catch {
    return undefined
  }
}

function tsJestUpdateOutput(
  instance: object,
  transformPath: string | undefined,
): TypeCheckingTsJest['updateOutput'] | undefined {
  if (instance.constructor?.name !== 'TsJestTransformer' || !transformPath) return undefined
  // from ts-jest's own entry (or a project file naming it), `ts-jest/…` resolves to that very package
  const require = createRequire(transformPath)
  const { version } = require('ts-jest/package.json') as { version: string }
  if (!version.startsWith('29.')) return undefined
  const utils = require('ts-jest/dist/legacy/compiler/compiler-utils.js') as {
    updateOutput?: TypeCheckingTsJest['updateOutput']
  }
  return typeof utils.updateOutput === 'function' ? utils.updateOutput : undefined
}

/**
 * `file` compiled by ts-jest's own isolated path: its AST transformers (jest.mock hoisting) and inline source map, no
 * type check. A syntax error throws ts-jest's error. Runs on the test thread, where Jest loaded ts-jest.
 */
export function transpileWithoutTypes(tsJest: TypeCheckingTsJest, file: string, source: string): string {
  const { configSet, compiler } = tsJest
  // what ts-jest sets before each CommonJS compile (its language service sets it again at its next one)
  compiler._compilerOptions =
    compiler.fixupCompilerOptionsForModuleKind?.(compiler._initialCompilerOptions, false) ?? compiler._compilerOptions
  const output = compiler._transpileOutput(source, file)
  // transpileModule reports syntax errors, and option diagnostics that only an isolated compile would raise
  const syntax = (output.diagnostics ?? []).filter((diagnostic) => diagnostic.file)
  if (syntax.length > 0) configSet.raiseDiagnostics(syntax, file, compiler._logger)
  // ts-jest's own type checks (a file first loaded later, `r`) see the code that runs
  compiler._updateMemoryCache?.(source, file)
  return tsJest.updateOutput(output.outputText, file, output.sourceMapText)
}
