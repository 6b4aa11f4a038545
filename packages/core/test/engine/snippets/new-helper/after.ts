function tax(x: number) {
  return x / 10
}
export function price(x: number) {
  return x * 2 + tax(x)
}
