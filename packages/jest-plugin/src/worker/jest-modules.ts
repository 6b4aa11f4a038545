import { createRequire } from 'node:module'
import { loadJestModule, requireFromJest } from '../shared/jest-require.js'
import type { TestFramework } from './jest-types.js'

// Jest's own packages are always loaded from the person's project, so they match the running Jest.

/** The runner the person's tests would run with: JEST_RELOAD_BASE_RUNNER, else their Jest's jest-circus. */
export function loadBaseRunner(rootDir: string, configured: string | undefined): TestFramework {
  return loadJestModule<TestFramework>(rootDir, configured, 'jest-circus/runner')
}

export interface MessageUtil {
  separateMessageFromStack(content: string): { message: string; stack: string }
  formatStackTrace(stack: string, config: object, options: { noStackTrace: boolean }, testPath?: string): string
}

export function loadMessageUtil(rootDir: string): MessageUtil | undefined {
  try {
    const fromCircus = createRequire(requireFromJest(rootDir).resolve('jest-circus/runner'))
    return fromCircus('jest-message-util') as MessageUtil
  } catch {
    return undefined
  }
}

/** The @jest/transform the test files' jest-runtime uses (jest-circus → jest-runtime → @jest/transform). */
export function resolveTransformModule(rootDir: string): string | undefined {
  try {
    const fromCircus = createRequire(requireFromJest(rootDir).resolve('jest-circus/runner'))
    return createRequire(fromCircus.resolve('jest-runtime')).resolve('@jest/transform')
  } catch {
    return undefined
  }
}
