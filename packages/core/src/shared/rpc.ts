import { type BirpcReturn, createBirpc } from 'birpc'
import type { MainFunctions, WorkerFunctions } from './protocol.js'

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
}

/**
 * birpc over JSON text. No timeout: a pause lasts as long as the person takes. Errors cross as
 * name/message/stack, since JSON turns an Error into `{}`.
 */
export function createRpc<Remote extends object, Local extends object>(
  functions: Local,
  transport: RpcTransport,
): BirpcReturn<Remote, Local> {
  let waiting = 0
  return createBirpc<Remote, Local>(functions, {
    post: (message: string) => transport.post(message),
    on: (listener) => transport.on(listener),
    serialize: (value) => JSON.stringify(value, encodeErrors),
    deserialize: (text) => JSON.parse(text, decodeErrors),
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
