import { Session } from 'node:inspector'
import type { FunctionLocation, LiveDebugger, Probe, SetSourceResult } from './live-edit.js'

// An in-process inspector session used only while patching (docs/architecture.md, "Debugger only while patching"):
// the Debugger domain is enabled for one patch cycle and disabled right after, because an enabled Debugger makes every
// `await` 5–8× slower and makes completed async functions block later patches (docs/architecture.md, "V8: costs").

const PROBE = Symbol.for('mighty-patcher.probe')

export interface ParsedScript {
  scriptId: string
  url: string
}

export class DebuggerSession implements LiveDebugger {
  readonly #session = new Session()
  #enabled = false
  /** Milliseconds spent in inspector calls, per method, since the session was made (for a patch's phase times). */
  readonly spent = new Map<string, number>()

  constructor() {
    this.#session.connect()
  }

  /**
   * Runs `cycle` with the Debugger enabled and disables it afterwards, whatever happens. `scripts` lists every live
   * script whose url is in `urls` (Debugger.enable replays them all), oldest first.
   */
  async withDebugger<T>(urls: Set<string>, cycle: (scripts: ParsedScript[]) => Promise<T>): Promise<T> {
    if (this.#enabled) throw new Error('patch cycles must not overlap')
    const scripts: ParsedScript[] = []
    const onParsed = ({ params }: { params: { scriptId: string; url: string } }) => {
      if (urls.has(params.url)) scripts.push({ scriptId: params.scriptId, url: params.url })
    }
    this.#session.on('Debugger.scriptParsed', onParsed)
    try {
      this.#post('Debugger.enable') // replays scriptParsed synchronously for all live scripts
      this.#enabled = true
    } finally {
      this.#session.off('Debugger.scriptParsed', onParsed)
    }
    try {
      return await cycle(scripts)
    } finally {
      this.#post('Debugger.disable')
      this.#enabled = false
    }
  }

  async scriptSource(scriptId: string): Promise<string> {
    return this.#post<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId }).scriptSource
  }

  async setScriptSource(scriptId: string, scriptSource: string): Promise<SetSourceResult> {
    return this.#post<SetSourceResult>('Debugger.setScriptSource', { scriptId, scriptSource })
  }

  /** Frees completed generators that V8 still counts as active (docs/architecture.md, "V8: blockers"). */
  collectGarbage(): Promise<void> {
    const t0 = performance.now()
    return new Promise((resolve, reject) =>
      this.#session.post('HeapProfiler.collectGarbage', (error) => {
        this.#spend('HeapProfiler.collectGarbage', t0)
        if (error) reject(error)
        else resolve()
      }),
    )
  }

  /** Where V8 says `fn`'s code lives; a function left stale by a patch still points into the old script. */
  functionLocation(fn: Function): FunctionLocation | undefined {
    const holder = globalThis as { [PROBE]?: Function }
    holder[PROBE] = fn
    try {
      const { result } = this.#post<{ result: { objectId?: string } }>('Runtime.evaluate', {
        expression: 'globalThis[Symbol.for("mighty-patcher.probe")]',
        objectGroup: 'mighty-patcher',
      })
      if (!result.objectId) return undefined
      const { internalProperties = [] } = this.#post<{
        internalProperties?: { name: string; value?: { value?: FunctionLocation } }[]
      }>('Runtime.getProperties', { objectId: result.objectId, ownProperties: true })
      return internalProperties.find((p) => p.name === '[[FunctionLocation]]')?.value?.value
    } finally {
      delete holder[PROBE]
      this.#post('Runtime.releaseObjectGroup', { objectGroup: 'mighty-patcher' })
    }
  }

  /** In-thread probes of `functions`, by display name. */
  probes(functions: Map<string, Function>): Probe[] {
    return [...functions].map(([name, fn]) => ({ name, location: async () => this.functionLocation(fn) }))
  }

  dispose(): void {
    this.#session.disconnect()
  }

  /** Same-thread posts answer before `post` returns (docs/architecture.md, "V8: LiveEdit basics"). */
  #post<T = unknown>(method: string, params: object = {}): T {
    const t0 = performance.now()
    let settled = false
    let failure: Error | null = null
    let answer: unknown
    this.#session.post(method, params, (error, result) => {
      settled = true
      failure = error
      answer = result
    })
    this.#spend(method, t0)
    if (!settled) throw new Error(`inspector answered ${method} asynchronously`)
    if (failure) throw failure
    return answer as T
  }

  #spend(method: string, since: number): void {
    this.spent.set(method, (this.spent.get(method) ?? 0) + performance.now() - since)
  }
}
