// What the test file's side asks of the run, in band in the same process: end it (`q`) or run a file again (`r`).
// The file runner (main/file-runner.ts) owns the run and does both; the state is process-wide, because Jest may load
// our modules more than once (require and import caches are separate).

interface RunControl {
  /** The file runner wraps this run: it can end it and run a file again. */
  fileRunner: boolean
  quit: boolean
  /** Test files whose run is to be dropped and run again once it ends. */
  restart: Set<string>
  /** Test files running again now (after `r`): one that does not load pauses on that. */
  restarted: Set<string>
  /** How many times in a row each file run again did not load: the attempt its pause shows. */
  failedLoads: Map<string, number>
}

const CONTROL = Symbol.for('mighty-patcher.jest.runControl')

export function runControl(): RunControl {
  const holder = globalThis as { [CONTROL]?: RunControl }
  holder[CONTROL] ??= {
    fileRunner: false,
    quit: false,
    restart: new Set(),
    restarted: new Set(),
    failedLoads: new Map(),
  }
  return holder[CONTROL]
}
