export function double(x: number) {
  return x * 2
}
export const triple = (x: number) => {
  return x * 3
}
