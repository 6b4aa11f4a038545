export class Vault {
  #secret = 1
  reveal() {
    return this.#secret * 10
  }
}
