export const RATE = 2
export class Button {
  label = 'b'
  onClick = () => {
    return `new ${this.label}`
  }
  render() {
    return 'new'
  }
}
