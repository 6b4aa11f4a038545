export const RATE = 2
export function listen(target: { handlers: Array<(x: number) => number> }) {
  const factor = 100
  target.handlers.push((x) => {
    return x * factor
  })
}
