import { currentlyReloading, keep, onDispose } from '@mighty-patcher/core'

// a registry that refuses duplicate names, as plugin systems and DI containers do
const registry = keep('registry', () => new Map<string, () => string>())
export const loads = keep('loads', () => ({ count: 0, reloading: [] as boolean[] }))
loads.count++
loads.reloading.push(currentlyReloading())

function register(name: string, handler: () => string) {
  if (registry.has(name)) throw new Error(`${name} is already registered`)
  registry.set(name, handler)
}

register('greet', () => 'hello')
onDispose(() => registry.delete('greet'))

export function call(name: string) {
  return registry.get(name)?.()
}
