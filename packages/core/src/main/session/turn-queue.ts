/** One queued turn at the terminal. `cancel` answers it without running. */
interface Waiting {
  run(): Promise<void>
  cancel(): void
}

export interface TurnQueue {
  /**
   * Runs `turn` when the terminal is free, one at a time, first come first served. Resolves with `fallback` without
   * running when the queue is not `accepting`, when cancelled, or when the turn throws (`onError` hears why).
   */
  enqueue<T>(turn: () => Promise<T>, fallback: T): Promise<T>
  /** Answers every queued turn with its fallback; the running one finishes on its own. */
  cancelQueued(): void
}

export function createTurnQueue({
  accepting,
  onError,
}: {
  accepting(): boolean
  onError(error: unknown): void
}): TurnQueue {
  const queue: Waiting[] = []
  let running = false

  // `running` flips synchronously at both ends, so a turn arriving as the queue empties still gets served
  async function drain(): Promise<void> {
    running = true
    try {
      for (let next = queue.shift(); next; next = queue.shift()) await next.run()
    } finally {
      running = false
    }
  }

  return {
    enqueue(turn, fallback) {
      if (!accepting()) return Promise.resolve(fallback)
      return new Promise((resolve) => {
        queue.push({
          async run() {
            let result = fallback
            try {
              result = await turn()
            } catch (error) {
              onError(error)
            }
            resolve(result)
          },
          cancel: () => resolve(fallback),
        })
        if (!running) void drain()
      })
    },
    cancelQueued() {
      for (const waiting of queue.splice(0)) waiting.cancel()
    },
  }
}
