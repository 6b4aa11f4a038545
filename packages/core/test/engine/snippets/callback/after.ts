const listeners: Array<(x: number) => number> = []
export function onValue(x: number) {
  return x + 1
}
export function subscribe() {
  listeners.push(onValue)
}
export function emit(x: number) {
  return listeners.map((l) => l(x))
}
