import { Session } from 'node:inspector'

// An in-process inspector session used only while patching (design rule 6): the Debugger domain is enabled for one
// patch cycle and disabled right after, because an enabled Debugger makes every `await` 5–8× slower and makes
// completed async functions block later patches (research/liveedit.md §4, §7).

const PROBE = Symbol.for('mighty-patcher.probe')

export interface ParsedScript {
  scriptId: string
  url: string
}

export interface FunctionLocation {
  scriptId: string
  lineNumber: number
  columnNumber: number
}

export type SetSourceStatus =
  | 'Ok'
  | 'CompileError'
  | 'BlockedByActiveGenerator'
  | 'BlockedByActiveFunction'
  | 'BlockedByTopLevelEsModuleChange'

export interface SetSourceResult {
  status: SetSourceStatus
  exceptionDetails?: { text: string; lineNumber: number; columnNumber: number }
}

export class DebuggerSession {
  readonly #session = new Session()
  #enabled = false

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

  scriptSource(scriptId: string): string {
    return this.#post<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId }).scriptSource
  }

  setScriptSource(scriptId: string, scriptSource: string): SetSourceResult {
    return this.#post<SetSourceResult>('Debugger.setScriptSource', { scriptId, scriptSource })
  }

  /** Frees completed generators that V8 still counts as active (research/liveedit.md §4). */
  collectGarbage(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.#session.post('HeapProfiler.collectGarbage', (error) => (error ? reject(error) : resolve())),
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

  dispose(): void {
    this.#session.disconnect()
  }

  /** Same-thread posts answer before `post` returns (verified in research/liveedit.md §1). */
  #post<T = unknown>(method: string, params: object = {}): T {
    let settled = false
    let failure: Error | null = null
    let answer: unknown
    this.#session.post(method, params, (error, result) => {
      settled = true
      failure = error
      answer = result
    })
    if (!settled) throw new Error(`inspector answered ${method} asynchronously`)
    if (failure) throw failure
    return answer as T
  }
}
