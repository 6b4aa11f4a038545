import { errorMessage } from '../shared/messages.js'
import { ModuleSyntaxError } from './module-map.js'

/**
 * What to tell the person about a save that could not be read: syntax errors with their line — in the file itself
 * when `sameLines` (the transform moved no line), else in the transformed code.
 */
export function describeSaveError(error: unknown, sameLines = false): string {
  if (!(error instanceof ModuleSyntaxError)) return errorMessage(error)
  const where = sameLines
    ? `line ${error.line}, column ${error.column + 1}`
    : `line ${error.line} of the transformed code`
  return `${error.message} (${where})`
}
