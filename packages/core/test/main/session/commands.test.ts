import pc from 'picocolors'
import { describe, expect, test } from 'vitest'
import {
  commandFor,
  formatHelp,
  PAUSE_COMMANDS,
  questionOf,
  STOP_COMMANDS,
  type Vocabulary,
} from '../../../src/main/session/commands.js'

const context = { root: '/project', c: pc.createColors(false) }

describe.each<[string, Vocabulary<string>]>([
  ['the pause', PAUSE_COMMANDS],
  ['the inspect stop', STOP_COMMANDS],
])('%s', (_, vocabulary) => {
  const help = formatHelp(vocabulary, context)
  const question = questionOf(vocabulary)

  test('every command has a help line with its first alias, its name and what it does', () => {
    for (const { aliases, name, help: text } of vocabulary.commands) {
      expect(help).toContainEqual(`  ${`${aliases[0]}, ${name}`.padEnd(14)}${text}`)
    }
    expect(help).toContainEqual(`  <expression>   ${vocabulary.evaluate.help}`)
    expect(help.at(-1)).toBe(`  ${vocabulary.note}`)
    expect(help).toHaveLength(vocabulary.commands.length + 2)
  })

  test('the question names the asked commands in table order, the others only in the help, and ends on evaluate', () => {
    const parts = question.split(' · ')
    const asked = vocabulary.commands.filter((command) => command.asked)
    expect(parts).toHaveLength(asked.length + 1)
    asked.forEach(({ name, aliases, asked: how }, index) => {
      expect(parts[index]).toBe(how === 'name' ? name : `${aliases[0]} ${name}`)
    })
    for (const { name } of vocabulary.commands.filter((command) => !command.asked)) {
      expect(parts.some((part) => part.split(' ').includes(name))).toBe(false)
    }
    expect(parts.at(-1)).toBe(vocabulary.evaluate.asked)
  })

  test('every name and alias runs its own command; anything else is for evaluation', () => {
    const typed = vocabulary.commands.flatMap(({ name, aliases }) => [name, ...aliases])
    expect(new Set(typed).size).toBe(typed.length) // no word means two commands
    for (const { action, name, aliases } of vocabulary.commands) {
      for (const word of [name, ...aliases]) expect(commandFor(vocabulary, word)).toBe(action)
    }
    expect(commandFor(vocabulary, '$error.message')).toBeUndefined()
    expect(commandFor(vocabulary, '')).toBeUndefined()
    expect(commandFor(vocabulary, 'C')).toBeUndefined()
  })
})

test('the questions read as the runners expect them', () => {
  expect(questionOf(PAUSE_COMMANDS)).toBe('c continue · s skip · q quit · r restart · h help · or evaluate')
  expect(questionOf(STOP_COMMANDS)).toBe('c continue · up · down · where · q quit · h help · or evaluate in this frame')
})

test('the pause help, word for word', () => {
  expect(formatHelp(PAUSE_COMMANDS, context)).toEqual([
    '  c, continue   re-run the test with the patched code',
    '  s, skip       let this failure stand and go on',
    '  q, quit       end the run now: this failure stands, later tests do not run, the summary shows what ran',
    '  r, restart    run this test file again from the code on disk: fresh modules, beforeAll, then this test',
    "  i, inspect    re-run the test stopped at its throw: see and evaluate the frame's locals",
    '  h, help       this list',
    "  <expression>   evaluate in the test process: $error is the failure, your modules' exports are in scope (a default one by its name or its file's, format-date.ts → formatDate; each module in $modules['src/math.ts'])",
    '  Saved files are patched in right away; the report says what runs new code.',
  ])
})

test('help colours the letter to type, and only when asked', () => {
  const coloured = formatHelp(PAUSE_COMMANDS, { ...context, c: pc.createColors(true) })
  expect(coloured[0]).toBe(`  ${pc.createColors(true).bold('c')}, continue   re-run the test with the patched code`)
})

test('q says the same at the pause and at the stop', () => {
  const quitHelp = (vocabulary: Vocabulary<string>) => vocabulary.commands.find(({ action }) => action === 'quit')?.help
  expect(quitHelp(STOP_COMMANDS)).toBe(quitHelp(PAUSE_COMMANDS))
})
