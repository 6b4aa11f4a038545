const FACTOR = 100
export class Vault {
  #secret = 1
  reveal() {
    return this.#secret * FACTOR
  }
}
