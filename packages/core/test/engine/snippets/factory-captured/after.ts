export function createDefu(merger?: (object: Record<string, unknown>, key: string, value: unknown) => boolean) {
  return (...objects: Record<string, unknown>[]) => {
    const out: Record<string, unknown> = {}
    for (const object of objects) {
      for (const [key, value] of Object.entries(object)) {
        if (merger?.(out, key, value)) continue
        out[key] = value
      }
    }
    return out
  }
}
export const defu = createDefu()
export const defuArrayFn = createDefu((object, key, value) => {
  if (Array.isArray(object[key]) && typeof value === 'function') {
    object[key] = value(object[key])
    return true
  }
  return false
})
export const version = 2
