/** The parts of Vitest's task objects the loop reads and writes (the runner's types are internal). */
export type Task = {
  id: string
  name: string
  type: string
  mode: string
  retry?: number | { count?: number; condition?: unknown; delay?: number }
  /** `test.fails`: runTest turns a pass into a failure after its retry loop, and the other way round. */
  fails?: boolean
  suite?: Task
  file?: { filepath: string }
  tasks?: Task[]
  result?: { state?: string; retryCount?: number; errors?: TaskError[]; attempts?: { errors?: unknown[] }[] }
  meta: Record<string, unknown>
}

export type TaskError = { message?: string; name?: string; diff?: string; stack?: string }
