export function createFetch(base: string) {
  const onError = (error: string) => {
    return `old ${base} ${error}`
  }
  function $fetchRaw(request: string) {
    return onError(request)
  }
  return $fetchRaw
}
export const $fetch = createFetch('b')
