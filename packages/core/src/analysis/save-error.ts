import { errorMessage } from '../shared/messages.js'
import { ModuleSyntaxError } from './module-map.js'

/** What to tell the person about a save that could not be read: syntax errors with their line. */
export function describeSaveError(error: unknown): string {
  if (error instanceof ModuleSyntaxError) return `${error.message} (line ${error.line} of the transformed code)`
  return errorMessage(error)
}
