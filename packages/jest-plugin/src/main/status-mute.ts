import { createRequire } from 'node:module'
import path from 'node:path'

// Jest's DefaultReporter owns the terminal while tests run (docs/architecture.md, "Jest: in band and the terminal"): it
// redraws its status block ("RUNS …") every second by clearing what it printed last, which erases what the person types
// at a prompt, and it wraps process.stdout.write in a 100 ms buffer, which would delay every keystroke's echo. While
// paused, the reporter's output is flushed, its redraw muted, and the real `write` handed back. The methods are private
// but carry the same names in Jest 29.7 and 30.x; when they are missing nothing is patched and the prompt still works.

interface DefaultReporterLike {
  _clear: string
  forceFlushBufferedOutput?(): void
}

type ReporterMethod = (this: DefaultReporterLike, ...args: unknown[]) => unknown

interface DefaultReporterProto {
  __printStatus?: ReporterMethod
  __clearStatus?: ReporterMethod
  // Jest 30: terminal "synchronized update" markers written around every redraw
  __beginSynchronizedUpdate?: ReporterMethod
  __endSynchronizedUpdate?: ReporterMethod
}

export interface StatusMute {
  /** True when the reporter was found and patched. */
  readonly installed: boolean
  hold(): void
  release(): void
}

const STREAMS = [process.stdout, process.stderr]

export function muteJestStatus(cwd: string): StatusMute {
  let held = 0
  let reporter: DefaultReporterLike | undefined
  let wrappedWrites: [NodeJS.WriteStream, PropertyDescriptor][] = []
  const proto = defaultReporterProto(cwd)
  const original = proto?.__printStatus
  if (proto && original) {
    proto.__printStatus = function (...args) {
      reporter = this // the run's reporter instance: the only way to reach its buffered output
      if (held > 0) {
        this._clear = '' // nothing of the reporter's is on screen to clear when the prompt ends
        return
      }
      return original.apply(this, args)
    }
    // Its clear is cursor moves relative to the bottom of the screen: after a pause, the bottom is ours (the prompt, the
    // lines of a save). Its status ticker and buffered writes call it on their own, so the mute is on the method.
    const clear = proto.__clearStatus
    if (clear)
      proto.__clearStatus = function (...args) {
        if (held === 0) return clear.apply(this, args)
        this._clear = ''
      }
    for (const name of ['__beginSynchronizedUpdate', '__endSynchronizedUpdate'] as const) {
      const method = proto[name]
      if (method)
        proto[name] = function (...args) {
          if (held === 0) return method.apply(this, args)
        }
    }
  }
  return {
    installed: !!original,
    hold() {
      if (held++ > 0) return
      reporter?.forceFlushBufferedOutput?.() // the failing test's console output belongs above the pause
      // the reporter's wrapper is an own property of the stream; the stream's prototype has the real write
      wrappedWrites = STREAMS.flatMap((stream) => {
        const own = Object.getOwnPropertyDescriptor(stream, 'write')
        if (!own) return []
        delete (stream as { write?: unknown }).write
        return [[stream, own] as [NodeJS.WriteStream, PropertyDescriptor]]
      })
    },
    release() {
      if (held === 0 || --held > 0) return
      for (const [stream, own] of wrappedWrites) Object.defineProperty(stream, 'write', own)
      wrappedWrites = []
    },
  }
}

/** The DefaultReporter @jest/core really uses: jest → @jest/core → @jest/reporters (works with pnpm's layout). */
function defaultReporterProto(cwd: string): DefaultReporterProto | undefined {
  try {
    let from = path.join(cwd, 'package.json')
    for (const hop of ['jest', '@jest/core']) {
      try {
        from = createRequire(from).resolve(hop)
      } catch {}
    }
    const reporters = createRequire(from)('@jest/reporters') as {
      DefaultReporter?: { prototype: DefaultReporterProto }
    }
    return reporters.DefaultReporter?.prototype
  } catch {
    return undefined
  }
}
