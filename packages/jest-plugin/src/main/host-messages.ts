/** workerData of the session host's thread. */
export interface HostData {
  root: string
  watchRoot: string
  color: boolean
  /** The terminal's width when the thread started (the thread cannot ask process.stdout). */
  columns: number
}

export type HostMessage = { type: 'ready'; port: number; token: string } | { type: 'failed'; message: string }

/**
 * What the session thread needs to run Jest's transform of a saved file like the test thread's runtime does: the
 * test thread cannot, while it is stopped at a throw (inspect), and a live edit needs the fresh transformed code.
 */
export interface TransformContext {
  /** Path of the @jest/transform module the test file's jest-runtime uses. */
  transformModule: string
  /** The test file's project config (Jest sends it to its workers as JSON: it clones). */
  config: { rootDir: string; [key: string]: unknown }
  /** jest-runtime's transform options for CommonJS (`_getFullTransformationOptions()`). */
  options: object
}

export type ToHost =
  | { type: 'transform-context'; context: TransformContext }
  /** ts-jest type-checks this test file's project: check saves after their patch; `warmFile` warms the checker. */
  | { type: 'type-check-context'; context: TransformContext; warmFile: string }

/** What the session thread asks the type-check thread. */
export type ToTypeCheck =
  | { type: 'offer'; context: TransformContext; warmFile: string }
  | { type: 'check'; id: number; file: string }

/** `diagnostics`: ts-jest's type errors (no colours); `failed`: why the check could not run; neither: it passed. */
export type FromTypeCheck = { type: 'checked'; id: number; diagnostics?: string; failed?: string }
