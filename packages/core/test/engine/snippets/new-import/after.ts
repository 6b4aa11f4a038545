import { double } from './dep'
export function total(x: number) {
  return double(x)
}
