import { spawn } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { Interrupted, interruptible, shieldedFromSigint } from '../../src/engine/interruptible.js'

// Main cancels work it asked a test process for with SIGINT (the channel is not read while the thread is busy).

/** SIGINT to this process from outside, after `ms`: this thread may be too busy to send it itself. */
function sigintFromOutside(ms: number) {
  spawn('sh', ['-c', `sleep ${ms / 1000}; kill -INT ${process.pid}`], { stdio: 'ignore' })
}

describe('interruptible', () => {
  test('work that never settles is given up at SIGINT', async () => {
    const pending = interruptible('evaluation', () => new Promise(() => {}))
    setTimeout(() => process.kill(process.pid, 'SIGINT'), 50)
    await expect(pending).rejects.toBeInstanceOf(Interrupted)
    await expect(pending).rejects.toThrow('evaluation cancelled (Ctrl-C)')
  })

  test('a synchronous loop is broken at SIGINT', async () => {
    sigintFromOutside(300)
    await expect(
      interruptible('re-run', async () => {
        for (;;) {}
      }),
    ).rejects.toBeInstanceOf(Interrupted)
  })

  test('work that ends is untouched, and a SIGINT just after it does not end the process', async () => {
    expect(await interruptible('evaluation', async () => 42)).toBe(42)
    process.kill(process.pid, 'SIGINT')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await interruptible('evaluation', async () => 'still here')).toBe('still here')
  })

  test('shielded work takes SIGINT without ending; only its interruptible part is cancelled', async () => {
    let liveEdited = false
    const patch = shieldedFromSigint(async () => {
      process.kill(process.pid, 'SIGINT') // lands while nothing interruptible runs: ignored
      await new Promise((resolve) => setTimeout(resolve, 50))
      liveEdited = true
      const rerun = interruptible('re-run', () => new Promise(() => {}))
      setTimeout(() => process.kill(process.pid, 'SIGINT'), 50)
      return rerun.catch((error: Error) => error.message)
    })
    expect(await patch).toBe('re-run cancelled (Ctrl-C)')
    expect(liveEdited).toBe(true)
  })
})
