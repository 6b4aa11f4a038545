// A long line pasted at the pause prompt (run on demand: `node bench/paste.mjs` after `pnpm build`): from the paste to
// the answer, for lines of 1,000 to 40,000 characters, through the prompt on a fake terminal. Linear: the time per
// 1,000 characters stays the same.
import { PassThrough } from 'node:stream'
import { createPrompt } from '@mighty-patcher/core/main'

function terminal() {
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    isRaw: false,
    setRawMode(raw) {
      this.isRaw = raw
    },
  })
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 120, rows: 40 })
  let text = ''
  stdout.on('data', (chunk) => {
    text += chunk
  })
  const shown = async (what) => {
    while (!text.includes(what)) await new Promise((resolve) => setTimeout(resolve, 1))
  }
  return { stdin, stdout, shown }
}

const rows = []
for (const length of [1_000, 5_000, 10_000, 20_000, 40_000]) {
  const { stdin, stdout, shown } = terminal()
  const ask = createPrompt({ stdin, stdout, color: false })
  const answer = ask('c continue')
  await shown('continue')
  const start = performance.now()
  stdin.write(`${'x'.repeat(length)}\r`)
  const result = await answer
  if (result.text.length !== length) throw new Error(`the answer has ${result.text.length} characters`)
  const ms = performance.now() - start
  rows.push({
    characters: length,
    'paste → answer ms': Math.round(ms),
    'ms per 1,000 characters': +(ms / (length / 1000)).toFixed(1),
  })
}
console.log(`a pasted line at the prompt, Node ${process.version}`)
console.table(rows)
