import { type BirpcReturn, createBirpc } from 'birpc'
import type { GenericSchema } from 'valibot'
import type { MainFunctions, WorkerFunctions } from './protocol.js'
import { argumentsProblem } from './schemas.js'

/** The worker's handle on the main process. */
export type MainRpc = BirpcReturn<MainFunctions, WorkerFunctions>
/** The main process's handle on one worker. */
export type WorkerRpc = BirpcReturn<WorkerFunctions, MainFunctions>

/** What a test process gets from `connectChannel`: its handle on main, and the end of the channel. */
export interface WorkerChannel {
  main: MainRpc
  /** Fires once when the channel is gone, whichever side closed it. */
  onClose(listener: () => void): void
  close(): void
}

export interface RpcTransport {
  /** One serialized message (a JSON text without newlines). */
  post(message: string): void
  on(listener: (message: string) => void): void
  /** Told when this side starts/stops waiting for answers, so a socket can be `ref()`ed only then. */
  onWaiting?(waiting: boolean): void
  /** A message that is no call of ours or answer (bad JSON, unknown function): the other side cannot be trusted. */
  onBadMessage?(reason: string): void
}

/** Lines longer than this end the channel: no message of ours comes near it, and buffering has to stop somewhere. */
export const MAX_MESSAGE_LENGTH = 8 * 1024 * 1024

/**
 * birpc over JSON text. No timeout: a pause lasts as long as the person takes. Errors cross as
 * name/message/stack, since JSON turns an Error into `{}`.
 */
export function createRpc<Remote extends object, Local extends object>(
  functions: Local,
  transport: RpcTransport,
  /** Per function, what its arguments must be (the main side's: MAIN_ARGUMENTS); a call that breaks it is bad. */
  argumentsOf: Record<string, GenericSchema> = {},
): BirpcReturn<Remote, Local> {
  let waiting = 0
  return createBirpc<Remote, Local>(functions, {
    post: (message: string) => transport.post(message),
    on: (listener) => transport.on(listener),
    serialize: (value) => JSON.stringify(value, encodeErrors),
    deserialize: (text) => checkedMessage(text, functions, argumentsOf),
    // a bad message rejects birpc's handler, which nobody awaits: it would end the process
    onGeneralError(error) {
      if (!(error instanceof BadMessage)) return false
      transport.onBadMessage?.(error.message)
      return true
    },
    timeout: -1,
    async onRequest(request, next) {
      if (waiting++ === 0) transport.onWaiting?.(true)
      try {
        await next(request)
      } finally {
        if (--waiting === 0) transport.onWaiting?.(false)
      }
    },
  })
}

class BadMessage extends Error {}

/** birpc's two shapes: a call (`t: 'q'`) of one of our functions, or an answer (`t: 's'`) to one of our calls. */
function checkedMessage(text: string, functions: object, argumentsOf: Record<string, GenericSchema>): unknown {
  let m: { t?: unknown; m?: unknown; a?: unknown; i?: unknown } | null
  try {
    m = JSON.parse(text, decodeErrors)
  } catch (error) {
    throw new BadMessage((error as Error).message)
  }
  if (typeof m !== 'object' || m === null) throw new BadMessage('not an rpc message')
  if (m.t === 's' && typeof m.i === 'string') return m
  if (m.t !== 'q' || typeof m.m !== 'string') throw new BadMessage('not an rpc message')
  if (!Object.hasOwn(functions, m.m)) throw new BadMessage(`unknown function "${m.m.slice(0, 60)}"`)
  if (m.a !== undefined && !Array.isArray(m.a)) throw new BadMessage('arguments are not a list')
  const schema = Object.hasOwn(argumentsOf, m.m) ? argumentsOf[m.m] : undefined
  const problem = schema && argumentsProblem(schema, m.a ?? [])
  if (problem) throw new BadMessage(`bad arguments for "${m.m}" (${problem})`)
  return m
}

const ERROR_KEY = '__mightyPatcherError'

function encodeErrors(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value
  return { [ERROR_KEY]: { name: value.name, message: value.message, stack: value.stack } }
}

function decodeErrors(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !(ERROR_KEY in value)) return value
  const { name, message, stack } = (value as Record<typeof ERROR_KEY, Pick<Error, 'name' | 'message' | 'stack'>>)[
    ERROR_KEY
  ]
  const error = new Error(message)
  error.name = name
  if (stack) error.stack = stack
  return error
}
