export function createClient(base: string) {
  const retries = 3
  const onError = (error: string) => {
    return `old ${error}`
  }
  return (request: string) => onError(`${base}${request}${retries > 0 ? '' : '!'}`)
}
export const client = createClient('b')
