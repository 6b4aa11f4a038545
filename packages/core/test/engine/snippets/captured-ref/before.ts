export function double(x: number) {
  return x * 3
}
export const triple = (x: number) => {
  return x * 4
}
