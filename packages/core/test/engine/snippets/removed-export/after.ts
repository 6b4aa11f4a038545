export function kept() {
  return 'new'
}
