// The public state API (docs/architecture.md, "The state API stays tiny"): imported by user code, so no heavy imports
// and no inspector here.
// State lives on the realm's global under a registry symbol: every copy of this module (ESM and CJS builds, Jest's
// sandbox and the outer realm) finds the same object, and the engine reaches it through the adapter's realm.

const STATE = Symbol.for('mighty-patcher.state')

type Disposer = () => void | Promise<void>

/** @internal shared with the patch engine */
export interface RealmState {
  /** files whose top-level statements a save is running again right now */
  reloading: Set<string>
  /** `keep()` values by `file\0key` */
  kept: Map<string, unknown>
  disposers: Map<string, Disposer[]>
}

/** @internal */
export function realmState(realm: object = globalThis): RealmState {
  const holder = realm as { [STATE]?: RealmState }
  holder[STATE] ??= { reloading: new Set(), kept: new Map(), disposers: new Map() }
  return holder[STATE]
}

/** True while a save runs top-level statements of a module again (not during its first evaluation). */
export function currentlyReloading(): boolean {
  return realmState().reloading.size > 0
}

/**
 * Returns the value kept under `key` for the calling module, creating it on first use. When a save runs the statement
 * again, it returns the same value instead of creating a new one (like `import.meta.hot.data`). Saves run only the
 * top-level statements whose code changed, so the state of the others survives without this.
 */
export function keep<T>(key: string, create: () => T, file: string = callerFile(keep)): T {
  const kept = realmState().kept
  const id = `${file}\0${key}`
  if (!kept.has(id)) kept.set(id, create())
  return kept.get(id) as T
}

/**
 * Runs `callback` before each save that runs top-level statements of the calling module again, e.g. to unregister
 * what they registered (a registry that refuses duplicate names survives the reload). It stays registered: a save runs
 * only the statements whose code changed, so the statement that registered it may not run again. When it does, the
 * callback it registers replaces the one with the same code.
 */
export function onDispose(callback: Disposer, file: string = callerFile(onDispose)): void {
  const { disposers } = realmState()
  const list = (disposers.get(file) ?? []).filter((known) => String(known) !== String(callback))
  list.push(callback)
  disposers.set(file, list)
}

/** The file of the code that called `api`, from V8's structured stack (runners' source maps keep file names). */
function callerFile(api: Function): string {
  const original = Error.prepareStackTrace
  let sites: NodeJS.CallSite[] = []
  try {
    Error.prepareStackTrace = (_error, callSites) => callSites
    const holder: { stack?: NodeJS.CallSite[] } = {}
    Error.captureStackTrace(holder, api)
    sites = holder.stack ?? []
  } finally {
    Error.prepareStackTrace = original
  }
  const name = sites[0]?.getFileName() ?? ''
  return name.startsWith('file://') ? decodeURIComponent(new URL(name).pathname) : name
}
