import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { type TsJestCompiler, typeCheckingTsJest } from '../shared/ts-jest.js'

// While a test is paused, ts-jest's LanguageService on the test thread is dead weight — the type-check thread checks
// saves — and heavy: its program and type checker are most of this thread's heap (≈240 of 250 MB for a small project),
// and every live edit scans the whole heap (docs/architecture.md, "V8: costs"; "Jest: ts-jest"). At a pause it is let
// go and the garbage collected at once, while the person reads the failure; ts-jest's next type-checked compile on
// this thread (a file first loaded later, `r`, the next test file) makes it again, as its constructor does.

/** Lets go of the type checker of `file`'s ts-jest when it has one; any other transformer is left alone. */
export function releaseTypeChecker(scriptTransformer: object, file: string, options: object): void {
  const compiler = typeCheckingTsJest(scriptTransformer, file, options)?.compiler
  if (!compiler?._languageService || typeof compiler._createLanguageService !== 'function') return
  if (typeof compiler.getCompiledOutput !== 'function') return
  try {
    remakeOnNextCompile(compiler)
    compiler._languageService.dispose()
    compiler._languageService = undefined
    compiler.program = undefined
    collectGarbage()
  } catch {
    // a ts-jest shaped otherwise after all: it keeps its type checker, and live edits are slower
  }
}

function remakeOnNextCompile(compiler: TsJestCompiler): void {
  if (Object.hasOwn(compiler, 'getCompiledOutput')) return
  const getCompiledOutput = compiler.getCompiledOutput!
  compiler.getCompiledOutput = function (this: TsJestCompiler, ...args: unknown[]) {
    if (!this._languageService) this._createLanguageService!()
    return getCompiledOutput.apply(this, args)
  }
}

/**
 * A full collection now, as jest-leak-detector gets one: a context made while `--expose-gc` is set has `gc`. Without
 * it the freed heap stays until V8 collects on its own, and live edits scan it meanwhile.
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  try {
    ;(runInNewContext('gc') as () => void)()
  } finally {
    setFlagsFromString('--no-expose-gc') // the test environments made later get no `gc` of ours
  }
}
