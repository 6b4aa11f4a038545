export const RATE = 1
export function outer(a: number) {
  return function middle(b: number) {
    return (c: number) => {
      return a + b + c
    }
  }
}
export const inner = outer(1)(10)
