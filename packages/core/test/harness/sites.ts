import type { FunctionSite, ModuleMap } from '../../src/analysis/module-map.js'

/** The function with this id in a module map; a test that names one the map lacks fails here, saying which. */
export function siteOf(map: ModuleMap, id: string): FunctionSite {
  const site = map.functions.find((s) => s.id === id)
  if (!site) throw new Error(`no function ${id} in ${map.functions.map((s) => s.id).join(', ')}`)
  return site
}
