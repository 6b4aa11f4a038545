import type { SyncTarget } from '../delivery/sync.js'
import type { FormatContext } from '../print/format.js'
import type { Conversation } from './conversation.js'

/** What a pause or an inspect stop works with, wired by the session. */
export interface TurnContext {
  conversation: Conversation
  context: FormatContext
  print(lines: string | string[]): void
  sync(target: SyncTarget): Promise<void>
}
