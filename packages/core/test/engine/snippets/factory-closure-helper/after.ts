export function retryDelay(n: number) {
  return n * 2
}
export function createFetch(base: string) {
  const onError = (error: string) => {
    return `new ${base} ${error}`
  }
  function $fetchRaw(request: string) {
    return onError(request)
  }
  return $fetchRaw
}
export const $fetch = createFetch('b')
