import { describe, expect, test } from 'vitest'
import { openHistory } from '../../../src/main/terminal/history.js'
import { createPrompt } from '../../../src/main/terminal/prompt.js'
import { FakeTtyInput, FakeTtyOutput } from '../fake-tty.js'

/** A prompt on a fake terminal; with `earlier`, a history (in memory) of these lines, answered at it first. */
async function setup(earlier?: string[]) {
  const stdin = new FakeTtyInput()
  const stdout = new FakeTtyOutput()
  const history = earlier ? openHistory('/project', { MIGHTY_PATCHER_HISTORY: '' }) : undefined
  const ask = createPrompt({ stdin: stdin as never, stdout, color: false, history })
  for (const line of earlier ?? []) {
    const answer = ask('c continue')
    await typeWhenAsked(stdin, stdout, `${line}\r`)
    await answer
  }
  return { stdin, stdout, ask, history }
}

/** Types once the prompt is drawn, i.e. once enquirer listens. */
async function typeWhenAsked(stdin: FakeTtyInput, stdout: FakeTtyOutput, keys: string) {
  await stdout.until('continue')
  stdin.type(keys)
}

const UP = '\x1b[A'
const ERASE_PREVIOUS_LINE = '\x1b[1A\x1b[2K\r'
const DOWN = '\x1b[B'

describe('prompt', () => {
  test('↑ recalls earlier answers, newest first, ↓ comes back to the line being typed; every answer is kept', async () => {
    const { stdin, stdout, ask, history } = await setup(['double(21)', 'TAX'])
    const recalled = ask('c continue')
    await typeWhenAsked(stdin, stdout, `dra${UP}${UP}${UP}`)
    stdin.type(`${DOWN}\r`) // oldest, then one newer: TAX
    expect(await recalled).toEqual({ type: 'answer', text: 'TAX' })
    const draft = ask('c continue')
    await typeWhenAsked(stdin, stdout, `dra${UP}${DOWN}ft\r`)
    expect(await draft).toEqual({ type: 'answer', text: 'draft' })
    expect(history?.lines).toEqual(['double(21)', 'TAX', 'draft'])
  })

  test('Ctrl-R finds the newest earlier line holding what is typed, Ctrl-R again an older one; Enter runs it', async () => {
    const { stdin, stdout, ask } = await setup(['double(21)', 'TAX', 'double(2)'])
    const newest = ask('c continue')
    await typeWhenAsked(stdin, stdout, '\x12dou')
    await stdout.until("(reverse-i-search)'dou':")
    stdin.type('\r')
    expect(await newest).toEqual({ type: 'answer', text: 'double(2)' })
    const older = ask('c continue')
    await typeWhenAsked(stdin, stdout, '\x12dou\x12\r')
    expect(await older).toEqual({ type: 'answer', text: 'double(21)' })
  })

  test('Ctrl-G leaves a search with the line as it was; an arrow key leaves it with the line found, to edit', async () => {
    const { stdin, stdout, ask } = await setup(['double(21)'])
    const restored = ask('c continue')
    await typeWhenAsked(stdin, stdout, 'TAX\x12dou\x07\r')
    expect(await restored).toEqual({ type: 'answer', text: 'TAX' })
    const edited = ask('c continue')
    await typeWhenAsked(stdin, stdout, '\x12(2\x1b[D\x1b[D\x7f\r')
    expect(await edited).toEqual({ type: 'answer', text: 'double(1)' })
  })

  test('a pasted snippet of several lines is one answer (bracketed paste, on while the prompt is up)', async () => {
    const { stdin, stdout, ask } = await setup()
    const answer = ask('c continue')
    await typeWhenAsked(stdin, stdout, '\x1b[200~function t(x) {\r  return x * 2\r}\x1b[201~')
    await stdout.until('return x * 2')
    stdin.type('\r')
    expect(await answer).toEqual({ type: 'answer', text: 'function t(x) {\n  return x * 2\n}' })
    expect(stdout.text).toContain('\x1b[?2004h')
    expect(stdout.text.endsWith('\x1b[?2004l') || stdout.text.includes('\x1b[?2004l')).toBe(true)
  })

  test('reads one line, trimmed', async () => {
    const { stdin, stdout, ask } = await setup()
    const answer = ask('c continue')
    await typeWhenAsked(stdin, stdout, '  1 + 1 \r')
    expect(await answer).toEqual({ type: 'answer', text: '1 + 1' })
  })

  test('gives stdin back exactly as found: keypress listeners, raw mode, flowing', async () => {
    const { stdin, stdout, ask } = await setup()
    // what Vitest's watch shortcuts leave behind
    const shortcuts: string[] = []
    const onKeypress = (input: string) => shortcuts.push(input)
    stdin.on('keypress', onKeypress)
    stdin.setRawMode(true)
    stdin.resume()

    const answer = ask('c continue')
    expect(stdin.listeners('keypress')).not.toContain(onKeypress)
    expect(stdin.isRaw).toBe(false)
    await typeWhenAsked(stdin, stdout, 'c\r')
    await answer

    expect(stdin.listeners('keypress')).toEqual([onKeypress])
    expect(stdin.isRaw).toBe(true)
    expect(stdin.readableFlowing).toBe(true)
    expect(shortcuts).toEqual([]) // the answer never reached the shortcuts
  })

  test('leaves a stdin that was not reading paused, so `vitest run` can exit', async () => {
    const { stdin, stdout, ask } = await setup()
    const answer = ask('c continue')
    await typeWhenAsked(stdin, stdout, 's\r')
    await answer
    expect(stdin.readableFlowing).toBe(false)
    expect(stdin.isRaw).toBe(false)
    expect(stdin.listenerCount('keypress')).toBe(0)
  })

  test('Ctrl-C restores the terminal and reports an interrupt', async () => {
    const { stdin, stdout, ask } = await setup()
    const answer = ask('c continue')
    await typeWhenAsked(stdin, stdout, 'ab\x03')
    expect(await answer).toEqual({ type: 'interrupt' })
    expect(stdin.isRaw).toBe(false)
    expect(stdin.rawModeCalls).toContain(true) // it was raw during the prompt…
    expect(stdout.text.endsWith('\x1b[?25h')).toBe(true) // …and the cursor is shown again
  })

  test('an abort ends the prompt and hands back what was typed, which the next prompt restores', async () => {
    const { stdin, stdout, ask } = await setup()
    const controller = new AbortController()
    const first = ask('c continue', { signal: controller.signal })
    await typeWhenAsked(stdin, stdout, '$error.mes')
    await stdout.until('$error.mes') // echoed: enquirer has taken every key
    controller.abort()
    const aborted = await first
    expect(aborted).toEqual({ type: 'aborted', typed: '$error.mes' })
    expect(stdin.isRaw).toBe(false)

    stdout.text = ''
    const second = ask('c continue', { typed: '$error.mes' })
    await typeWhenAsked(stdin, stdout, 'sage\r')
    expect(await second).toEqual({ type: 'answer', text: '$error.message' })
  })

  test('stdin ending is an interrupt, not a hang', async () => {
    const { stdin, stdout, ask } = await setup()
    const answer = ask('c continue')
    await typeWhenAsked(stdin, stdout, '')
    stdin.end()
    stdin.resume()
    expect(await answer).toEqual({ type: 'interrupt' })
  })
})

describe('prompt without a terminal', () => {
  test('a stdin that is not a TTY is an error, not a hang', async () => {
    const stdin = new FakeTtyInput()
    stdin.isTTY = false
    const ask = createPrompt({ stdin: stdin as never, stdout: new FakeTtyOutput(), color: false })
    await expect(ask('c continue')).rejects.toThrow('stdin is not a TTY')
  })

  test('a stdin that already ended is an interrupt', async () => {
    const { stdin, ask } = await setup()
    stdin.end()
    stdin.resume()
    await new Promise((resolve) => stdin.once('end', resolve))
    expect(await ask('c continue')).toEqual({ type: 'interrupt' })
  })

  test('Ctrl-D on an empty line is end of input; with text typed it keeps the text, and its line is erased (no ✖)', async () => {
    const { stdin, stdout, ask } = await setup()
    const empty = ask('c continue')
    await typeWhenAsked(stdin, stdout, '\x04')
    expect(await empty).toEqual({ type: 'eof', typed: '' })
    expect(stdin.isRaw).toBe(false)
    expect(stdout.text.endsWith(ERASE_PREVIOUS_LINE)).toBe(false)

    stdout.text = ''
    const typed = ask('c continue', { typed: 'dou' })
    await typeWhenAsked(stdin, stdout, 'ble\x04')
    expect(await typed).toEqual({ type: 'eof', typed: 'double' })
    expect(stdout.text.endsWith(ERASE_PREVIOUS_LINE)).toBe(true)
  })

  test('Ctrl-U clears what is before the cursor', async () => {
    const { stdin, stdout, ask } = await setup()
    const answer = ask('c continue')
    await typeWhenAsked(stdin, stdout, 'nonsense\x151 + 1\r')
    expect(await answer).toEqual({ type: 'answer', text: '1 + 1' })
  })

  test('keys typed while no question is open are the next question’s, an Enter among them answers it', async () => {
    const { stdin, stdout, ask } = await setup()
    const patching = new AbortController()
    ask.watchCtrlC?.(patching.signal, () => {})
    stdin.type('(1, 2)\r')
    await new Promise((resolve) => setImmediate(resolve))
    patching.abort()
    const answer = ask('c continue', { typed: 'add' })
    expect(await answer).toEqual({ type: 'answer', text: 'add(1, 2)' })
    expect(stdout.text).toContain('add(1, 2)')
  })

  test('while no question is open, Ctrl-C is reported as a key (raw mode); keys before it go with it', async () => {
    const { stdin, stdout, ask } = await setup()
    const done = new AbortController()
    let pressed = 0
    ask.watchCtrlC?.(done.signal, () => pressed++)
    expect(stdin.isRaw).toBe(true)
    stdin.type('abc\x03')
    await new Promise((resolve) => setImmediate(resolve))
    expect(pressed).toBe(1)
    done.abort()
    expect(stdin.isRaw).toBe(false)
    expect(stdin.readableFlowing).toBe(false)
    const next = ask('c continue')
    await typeWhenAsked(stdin, stdout, '1\r')
    expect(await next).toEqual({ type: 'answer', text: '1' })
  })
})
