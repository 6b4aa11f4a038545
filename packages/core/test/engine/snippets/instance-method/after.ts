export class Counter {
  count = 0
  inc() {
    this.count += 1
    return this.count
  }
  static label() {
    return 'new'
  }
}
