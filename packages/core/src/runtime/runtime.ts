// What instrumented code calls at run time (docs/architecture.md, "The check"). One runtime per realm, on its global
// object under Symbol.for('mighty-patcher'); one record per evaluated module instance. While nothing was patched a
// function's check reads `v[id]`, finds its own version and runs on; after a patch it asks `f` for the new version,
// compiled once per scope through that scope's accessor, so the new code runs with the old closure's variables.

export type Accessor = (code: string) => unknown

/** A version of a function the engine registered: the code to compile in a closure's scope, and what it needs. */
export interface Version {
  hash: number
  /** Evaluated through the accessor of the scope the closure lives in; its value is the new function. */
  source: string
  /** Class members and class field arrows: compiled in their class's scope, found from `this`. */
  classId?: string
  static?: boolean
  /** Names the new code reads from enclosing functions: a scope made before the save may lack them. */
  outer: string[]
}

export interface ModuleRecord {
  readonly file: string
  /** The version hash each function id runs now. Read by every instrumented call. */
  readonly v: Record<string, number>
  /** The module scope's accessor. */
  readonly s: Accessor
  /** Top-level names a save added, which the module scope cannot hold: the code reads them here. */
  readonly l: Record<string, unknown>
  /** Top-level names of the code this instance was evaluated from. */
  readonly names: ReadonlySet<string>
  readonly versions: Map<string, Version>
  /** Classes by id (the latest class object for that id) with their scope's accessor. */
  readonly classes: Map<string, { cls: object; accessor: Accessor }>
  /** Calls of async functions and generators running now (suspended included), by `id@hash` of their code. */
  readonly r: Record<string, number>
  /** A scratch slot for values handed to code run through an accessor. */
  t: unknown
  f(id: string, scope: Accessor | null, self: unknown): ((...args: unknown[]) => unknown) | undefined
  a(fn: (...args: unknown[]) => unknown, self: unknown, args: ArrayLike<unknown>, newTarget?: unknown): unknown
  k(cls: unknown, classId: string, accessor: Accessor): void
}

export interface Runtime {
  /** Called by a module's prologue when it starts to run. */
  m(file: string, accessor: Accessor): ModuleRecord
  /** What the engine registers before the runner evaluates instrumented code: its functions' hashes and names. */
  prepare(file: string, hashes: Record<string, number>, names: Set<string>): void
  records(file: string): ModuleRecord[]
  /** A version that could not run in some closure's scope: said once per version, never silently. */
  onFallback?: (file: string, id: string, reason: string) => void
}

const KEY = Symbol.for('mighty-patcher')

/** The realm's runtime, made on first use. */
export function runtimeOf(realm: object): Runtime {
  const holder = realm as { [KEY]?: Runtime }
  holder[KEY] ??= createRuntime()
  return holder[KEY]
}

function createRuntime(): Runtime {
  const pending = new Map<string, { hashes: Record<string, number>; names: Set<string> }>()
  const byFile = new Map<string, ModuleRecord[]>()
  const runtime: Runtime = {
    m(file, accessor) {
      const prepared = pending.get(file)
      const record = createRecord(runtime, file, accessor, prepared?.hashes ?? {}, prepared?.names ?? new Set())
      const list = byFile.get(file) ?? []
      list.push(record)
      byFile.set(file, list)
      return record
    },
    prepare(file, hashes, names) {
      pending.set(file, { hashes, names })
      // told after the module started (its loader thread's word came late): its record learns them now
      for (const record of byFile.get(file) ?? []) {
        if (Object.keys(record.v).length > 0) continue
        Object.assign(record.v, hashes)
        for (const name of names) (record.names as Set<string>).add(name)
      }
    },
    records: (file) => byFile.get(file) ?? [],
  }
  return runtime
}

function createRecord(
  runtime: Runtime,
  file: string,
  accessor: Accessor,
  hashes: Record<string, number>,
  names: Set<string>,
): ModuleRecord {
  // compiled versions per scope: a closure's scope is the accessor object made with it
  const compiled = new WeakMap<Accessor, Map<string, { hash: number; fn: ((...a: unknown[]) => unknown) | null }>>()
  const classes = new WeakMap<object, { id: string; accessor: Accessor }>()
  const said = new Set<string>()
  const record: ModuleRecord = {
    file,
    // a plain object keeps V8's fast properties (a null-prototype one starts as a dictionary): read on every call
    v: { ...hashes },
    s: accessor,
    l: Object.create(null),
    names,
    versions: new Map(),
    classes: new Map(),
    r: {},
    t: undefined,
    f(id, scope, self) {
      const version = record.versions.get(id)
      if (!version) return undefined
      // a member called without its object (`const label = Counter.label`): the class this module instance made last
      const where = scope ?? classScope(classes, version, self) ?? record.classes.get(version.classId ?? '')?.accessor
      if (!where) return fallback(id, version.hash, 'its class was not found from `this`')
      let byId = compiled.get(where)
      if (!byId) {
        byId = new Map()
        compiled.set(where, byId)
      }
      const hit = byId.get(id)
      if (hit && hit.hash === version.hash) return hit.fn ?? undefined
      const fn = compile(where, version, (reason) => fallback(id, version.hash, reason))
      byId.set(id, { hash: version.hash, fn: fn ?? null })
      return fn
    },
    a(fn, self, args, newTarget) {
      return newTarget ? Reflect.construct(fn, args, newTarget as () => unknown) : Reflect.apply(fn, self, args)
    },
    k(cls, classId, classAccessor) {
      classes.set(cls as object, { id: classId, accessor: classAccessor })
      record.classes.set(classId, { cls: cls as object, accessor: classAccessor })
    },
  }
  function fallback(id: string, hash: number, reason: string): undefined {
    const key = `${id}@${hash}`
    if (!said.has(key)) {
      said.add(key)
      runtime.onFallback?.(file, id, reason)
    }
    return undefined
  }
  return record
}

function compile(
  scope: Accessor,
  version: Version,
  fail: (reason: string) => undefined,
): ((...a: unknown[]) => unknown) | undefined {
  for (const name of version.outer) {
    try {
      scope(`void ${name}`)
    } catch {
      return fail(`closures made before the save have no \`${name}\``)
    }
  }
  try {
    const fn = scope(version.source)
    return typeof fn === 'function' ? (fn as (...a: unknown[]) => unknown) : fail('its new code is not a function')
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
}

/** The scope of a class member: the class of `this` (or a class it extends) with the member's class id. */
function classScope(
  classes: WeakMap<object, { id: string; accessor: Accessor }>,
  version: Version,
  self: unknown,
): Accessor | undefined {
  if (self === null || (typeof self !== 'object' && typeof self !== 'function')) return undefined
  if (version.static) {
    for (let c: unknown = self; c; c = Object.getPrototypeOf(c)) {
      const entry = classes.get(c as object)
      if (entry && entry.id === version.classId) return entry.accessor
    }
    return undefined
  }
  for (let p: unknown = Object.getPrototypeOf(self); p; p = Object.getPrototypeOf(p)) {
    const ctor = Object.hasOwn(p as object, 'constructor') ? (p as { constructor: unknown }).constructor : undefined
    const entry = ctor ? classes.get(ctor as object) : undefined
    if (entry && entry.id === version.classId) return entry.accessor
  }
  return undefined
}
