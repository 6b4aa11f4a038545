// Which engine patches this process (docs/architecture.md, "Patches as data"). V8 removed live edit in Node 26
// (`Debugger.setScriptSource` always fails there): Node 26 and later always instrument. On Node 20–24 live edit is
// still the default until the instrumented engine has replaced it there too; MIGHTY_PATCHER_ENGINE=instrumented (or
// live-edit) chooses. The choice is made when the worker starts: instrumentation must see every module load.

export function instrumentationChosen(env: NodeJS.ProcessEnv = process.env, version = process.versions.node): boolean {
  const major = Number(version.split('.')[0])
  if (major >= 26) return true
  return env.MIGHTY_PATCHER_ENGINE === 'instrumented'
}
