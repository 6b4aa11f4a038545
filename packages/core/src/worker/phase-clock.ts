import type { PhaseTimes } from '../shared/report.js'
import type { DebuggerSession } from './debugger-session.js'

// A patch's time per phase, with V8's share of each Debugger phase split out: setScriptSource's cost follows the heap,
// not the edit (docs/architecture.md, "V8: costs"), so the breakdown says which of the two a slow patch paid.

const DEBUGGER = ['Debugger.enable', 'Debugger.disable', 'Debugger.getScriptSource']
const VERIFY = ['Runtime.evaluate', 'Runtime.getProperties', 'Runtime.releaseObjectGroup']

export interface PhaseClock {
  readonly times: PhaseTimes
  /** Runs a phase without the Debugger and adds its wall time to `phase`. */
  plain<T>(phase: 'transform' | 'reevaluate', run: () => Promise<T>): Promise<T>
  /** Runs a phase with the Debugger: enable/disable and script reads count as `debugger`, probes as `verify`. */
  inspector<T>(dbg: DebuggerSession, phase: 'liveEdit' | 'bridge', run: () => Promise<T>): Promise<T>
}

export function startPhaseClock(): PhaseClock {
  const times: PhaseTimes = { transform: 0, debugger: 0, liveEdit: 0, verify: 0, reevaluate: 0, bridge: 0 }
  return {
    times,
    async plain(phase, run) {
      const t0 = performance.now()
      try {
        return await run()
      } finally {
        times[phase] = (times[phase] ?? 0) + performance.now() - t0
      }
    },
    async inspector(dbg, phase, run) {
      const t0 = performance.now()
      const debuggerBefore = sum(dbg, DEBUGGER)
      const verifyBefore = sum(dbg, VERIFY)
      try {
        return await run()
      } finally {
        const debuggerMs = sum(dbg, DEBUGGER) - debuggerBefore
        const verifyMs = phase === 'liveEdit' ? sum(dbg, VERIFY) - verifyBefore : 0
        times.debugger = (times.debugger ?? 0) + debuggerMs
        times.verify = (times.verify ?? 0) + verifyMs
        times[phase] = (times[phase] ?? 0) + performance.now() - t0 - debuggerMs - verifyMs
      }
    },
  }
}

function sum(dbg: DebuggerSession, methods: string[]): number {
  return methods.reduce((total, method) => total + (dbg.spent.get(method) ?? 0), 0)
}
