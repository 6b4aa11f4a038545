export const RATE = 2
export function price(x: number) {
  return x * RATE
}
