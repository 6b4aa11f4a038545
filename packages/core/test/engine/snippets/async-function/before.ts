export async function load(x: number) {
  await Promise.resolve()
  return x * 3
}
