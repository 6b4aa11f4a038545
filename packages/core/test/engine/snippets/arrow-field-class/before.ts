export const RATE = 1
export class Button {
  label = 'b'
  onClick = () => {
    return `old ${this.label}`
  }
  render() {
    return 'old'
  }
}
