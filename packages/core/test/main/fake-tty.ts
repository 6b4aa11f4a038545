import { PassThrough } from 'node:stream'

/** A stdin that claims to be a TTY: enough for enquirer, and it records raw mode like the real one. */
export class FakeTtyInput extends PassThrough {
  isTTY = true
  isRaw = false
  rawModeCalls: boolean[] = []
  setRawMode(mode: boolean): this {
    this.isRaw = mode
    this.rawModeCalls.push(mode)
    return this
  }
  /** Keys as a terminal sends them: `\r` is Enter, `\x03` is Ctrl-C. */
  type(keys: string): void {
    this.write(keys)
  }
}

export class FakeTtyOutput extends PassThrough {
  isTTY = true
  columns = 120
  rows = 40
  text = ''
  constructor() {
    super()
    this.on('data', (chunk: Buffer) => {
      this.text += chunk.toString()
    })
  }
  /** Resolves once `text` has been written (since the last reset of `this.text`). */
  until(text: string): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!this.text.includes(text)) return
        this.off('data', check)
        setImmediate(resolve)
      }
      this.on('data', check)
      check()
    })
  }
}
