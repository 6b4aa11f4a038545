export function kept() {
  return 'old'
}
export function dropped() {
  return 'old'
}
