import { inspect } from 'node:util'
import type { MessageUtil } from './jest-modules.js'
import type { CircusTest, ProjectConfigLike } from './jest-types.js'

// A failure as Jest's reporter would show it: the message (matcher diff included) and the stack with its code
// frame, through the person's jest-message-util.

/** circus stores `[error, asyncError]` pairs; a thrown non-error is reported through the async one. */
export function errorOf(entry: unknown): unknown {
  if (!Array.isArray(entry)) return entry
  const [error, asyncError] = entry as [unknown, Error | undefined]
  // errors come from the sandbox realm, so no `instanceof Error`
  if (typeof error === 'object' && error !== null && ('stack' in error || 'message' in error)) return error
  if (asyncError) asyncError.message = `thrown: ${inspect(error, { depth: 3 })}`
  return asyncError ?? error
}

interface Describing {
  config: ProjectConfigLike
  testPath: string
  messages: MessageUtil | undefined
}

export function formatFailure(test: CircusTest, describing: Describing): string[] {
  return test.errors.map((entry) => describeJestError(errorOf(entry), describing))
}

/** An error (a test's, or a test file's that threw while it loaded) as Jest's reporter shows it. */
export function describeJestError(thrown: unknown, { config, testPath, messages }: Describing): string {
  const error = thrown as { stack?: unknown; message?: unknown } | undefined
  const content =
    typeof error?.stack === 'string' && error.stack ? error.stack : String(error?.message ?? inspect(error))
  if (!messages) return content
  const { message, stack } = messages.separateMessageFromStack(content)
  const trace = messages.formatStackTrace(stack, config, { noStackTrace: false }, testPath)
  return `${message}\n${trace}`
}

/** "describe › nested › test", as Jest prints it. */
export function fullName(test: CircusTest): string {
  const parts = [test.name]
  for (let block = test.parent; block && block.name !== 'ROOT_DESCRIBE_BLOCK'; block = block.parent)
    parts.unshift(block.name)
  return parts.join(' › ')
}
