export function double(x: number) {
  return x * 3
}
