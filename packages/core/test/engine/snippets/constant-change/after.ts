export const RATE = 3
export function price(x: number) {
  return x * RATE
}
