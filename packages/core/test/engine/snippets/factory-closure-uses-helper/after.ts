function prefix() {
  return 'new'
}
export function createFetch(base: string) {
  const onError = (error: string) => {
    return `${prefix()} ${base} ${error}`
  }
  function $fetchRaw(request: string) {
    return onError(request)
  }
  return $fetchRaw
}
export const $fetch = createFetch('b')
