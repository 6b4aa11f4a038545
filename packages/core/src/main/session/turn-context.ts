import type { Delivery } from '../delivery/delivery.js'
import type { FormatContext } from '../print/format.js'
import type { Conversation } from './conversation.js'

/** What a pause or an inspect stop works with, wired by the session. */
export interface TurnContext {
  conversation: Conversation
  delivery: Delivery
  context: FormatContext
  print(lines: string | string[]): void
}
