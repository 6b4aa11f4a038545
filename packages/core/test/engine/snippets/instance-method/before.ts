export class Counter {
  count = 0
  inc() {
    this.count += 10
    return this.count
  }
  static label() {
    return 'old'
  }
}
