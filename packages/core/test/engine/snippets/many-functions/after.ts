export function part0(x: string) {
  return `${x}/0`
}
export function part1(x: string) {
  return `${x}/1`
}
export function part2(x: string) {
  return `${x}/2`
}
export function part3(x: string) {
  return `${x}/3`
}
export function part4(x: string) {
  return `${x}/4`
}
export function part5(x: string) {
  return `${x}/5`
}
export function part6(x: string) {
  return `${x}/6`
}
export function part7(x: string) {
  return `${x}/7`
}
export function part8(x: string) {
  return `${x}/8`
}
export function part9(x: string) {
  return `${x}/9`
}
export function part10(x: string) {
  return `${x}/10`
}
export function part11(x: string) {
  return `${x}/11`
}
export function part12(x: string) {
  return `${x}/12`
}
export function part13(x: string) {
  return `${x}/13`
}
export function part14(x: string) {
  return `${x}/14`
}
export function part15(x: string) {
  return `${x}/15`
}
export function part16(x: string) {
  return `${x}/16`
}
export function part17(x: string) {
  return `${x}/17`
}
export function part18(x: string) {
  return `${x}/18`
}
export function part19(x: string) {
  return `${x}/19`
}
export function part20(x: string) {
  return `${x}/20`
}
export function part21(x: string) {
  return `${x}/21`
}
export function part22(x: string) {
  return `${x}/22`
}
export function part23(x: string) {
  return `${x}/23`
}
export function part24(x: string) {
  return `${x}/24`
}
export function part25(x: string) {
  return `${x}/25`
}
export function part26(x: string) {
  return `${x}/26`
}
export function part27(x: string) {
  return `${x}/27`
}
export function part28(x: string) {
  return `${x}/28`
}
export function part29(x: string) {
  return `${x}/29`
}
export function joinURL(base: string, path: string) {
  return `${base.replace(/\/$/, '')}/${path.replace(/^\//, '')}`
}
