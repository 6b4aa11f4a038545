import * as v from 'valibot'

// What a test process may send the main process, call by call (docs/architecture.md, "Invariants"): a peer that holds
// the token may still send fields of the wrong shape, and one such call must cost that peer its channel, not the
// session its prompt. The main process's own calls to a worker are trusted: the worker checks only the frame.

const text = v.string()
const lines = v.array(text)
const offer = v.optional(v.union([v.literal(true), text]))
const frame = v.object({ functionName: text, file: text, line: v.number(), column: v.number() })
const variables = v.array(v.object({ name: text, preview: text }))

const pauseInfo = v.object({
  testName: text,
  testFile: text,
  attempt: v.number(),
  errors: lines,
  pid: v.number(),
  inspect: offer,
  restart: offer,
  notes: v.optional(lines),
})

const stopInfo = v.object({
  testName: text,
  testFile: text,
  pid: v.number(),
  reason: text,
  error: text,
  frames: v.array(frame),
  frame: v.object({
    ...frame.entries,
    index: v.number(),
    source: v.array(v.object({ line: v.number(), text })),
    locals: variables,
    enclosing: v.array(v.object({ kind: v.picklist(['Closure', 'Module']), variables })),
  }),
})

const patchProgress = v.object({
  file: text,
  phase: v.picklist(['transform', 'analyse', 'rerun']),
  line: v.optional(v.number()),
})

/** The arguments of each main function, as a tuple. */
export const MAIN_ARGUMENTS: Record<string, v.GenericSchema> = {
  pause: v.tuple([pauseInfo]),
  stopped: v.tuple([stopInfo]),
  sync: v.tuple([]),
  transform: v.tuple([text]),
  progress: v.tuple([patchProgress]),
}

/** Why `args` are not what `schema` takes: the first issue, with where it is. */
export function argumentsProblem(schema: v.GenericSchema, args: unknown): string | undefined {
  const result = v.safeParse(schema, args)
  if (result.success) return undefined
  const [issue] = result.issues
  const at = issue?.path?.map((item) => String(item.key)).join('.')
  return `${at ? `${at}: ` : ''}${issue?.message ?? 'bad arguments'}`
}
