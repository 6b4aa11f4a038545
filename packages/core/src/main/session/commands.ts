import type { FormatContext } from '../print/format.js'
// What can be typed at the prompt. One table per vocabulary: the session looks commands up in it, the help lists it
// and the one-line question is built from it, so a command cannot exist without its help line or vice versa.

export interface Command<Action extends string> {
  action: Action
  /** The word it is known by, shown in the help; typing it runs the command. */
  name: string
  /** Typed instead of the name; the first is shown in the help and the question (`c, continue`). */
  aliases: readonly [string, ...string[]]
  /** The help line's text. */
  help: string
  /** How the question shows it: as `c continue`, as just its name, or not at all (it is in the help). */
  asked?: 'alias and name' | 'name'
}

export interface Vocabulary<Action extends string> {
  commands: readonly Command<Action>[]
  /** Anything else typed is evaluated: the help line's text and the question's last words. */
  evaluate: { help: string; asked: string }
  /** The help's closing line. */
  note: string
}

/** Both vocabularies have these; the conversation answers them itself. */
export type SharedCommand = 'continue' | 'skip' | 'quit' | 'help'
export type PauseCommand = SharedCommand | 'inspect' | 'restart'
export type StopCommand = SharedCommand | 'up' | 'down' | 'where' | 'list'

/** `q` means the same at the pause and at the stop, on both runners: the run ends now, as in pytest. */
const QUIT_HELP = 'end the run now: this failure stands, later tests do not run, the summary shows what ran'

export const PAUSE_COMMANDS: Vocabulary<PauseCommand> = {
  commands: [
    {
      action: 'continue',
      name: 'continue',
      aliases: ['c'],
      help: 're-run the test with the patched code',
      asked: 'alias and name',
    },
    { action: 'skip', name: 'skip', aliases: ['s'], help: 'let this failure stand and go on', asked: 'alias and name' },
    {
      action: 'quit',
      name: 'quit',
      aliases: ['q'],
      help: QUIT_HELP,
      asked: 'alias and name',
    },
    {
      action: 'restart',
      name: 'restart',
      aliases: ['r'],
      help: 'run this test file again from the code on disk: fresh modules, beforeAll, then this test',
      asked: 'alias and name',
    },
    {
      action: 'inspect',
      name: 'inspect',
      aliases: ['i'],
      help: "re-run the test stopped at its throw: see and evaluate the frame's locals",
    },
    { action: 'help', name: 'help', aliases: ['h', '?'], help: 'this list', asked: 'alias and name' },
  ],
  evaluate: {
    help: "evaluate in the test process: $error is the failure, your modules' exports are in scope (a default one by its name or its file's, format-date.ts → formatDate; each module in $modules['src/math.ts'])",
    asked: 'or evaluate',
  },
  note: 'Saved files are patched in right away; the report says what runs new code.',
}

export const STOP_COMMANDS: Vocabulary<StopCommand> = {
  commands: [
    {
      action: 'continue',
      name: 'continue',
      aliases: ['c'],
      help: 'let the attempt fail as it would have, then re-run the test with your saves',
      asked: 'alias and name',
    },
    { action: 'up', name: 'up', aliases: ['u'], help: 'select the calling frame (your code only)', asked: 'name' },
    { action: 'down', name: 'down', aliases: ['d'], help: 'select the called frame (your code only)', asked: 'name' },
    { action: 'where', name: 'where', aliases: ['w', 'bt'], help: 'list the frames', asked: 'name' },
    { action: 'list', name: 'list', aliases: ['l'], help: 'show the selected frame again' },
    { action: 'skip', name: 'skip', aliases: ['s'], help: 'let the failure stand and go on' },
    {
      action: 'quit',
      name: 'quit',
      aliases: ['q'],
      help: QUIT_HELP,
      asked: 'alias and name',
    },
    { action: 'help', name: 'help', aliases: ['h', '?'], help: 'this list', asked: 'alias and name' },
  ],
  evaluate: {
    help: "evaluate in the selected frame: its locals and closures, your modules' exports, $error",
    asked: 'or evaluate in this frame',
  },
  note: 'The test thread is stopped: promises do not settle until you continue.',
}

/** The command typed, or undefined: then a non-empty line is an expression to evaluate. */
export function commandFor<Action extends string>(vocabulary: Vocabulary<Action>, typed: string): Action | undefined {
  return vocabulary.commands.find((command) => command.name === typed || command.aliases.includes(typed))?.action
}

/** The prompt's question: `c continue · s skip · … · or evaluate`. */
export function questionOf(vocabulary: Vocabulary<string>): string {
  const asked = vocabulary.commands.flatMap(({ name, aliases, asked }) => {
    if (asked === 'name') return [name]
    if (asked === 'alias and name') return [`${aliases[0]} ${name}`]
    return []
  })
  return [...asked, vocabulary.evaluate.asked].join(' · ')
}

/** `h`: a line per command, from its row. */
export function formatHelp(vocabulary: Vocabulary<string>, { c }: FormatContext): string[] {
  return [
    ...vocabulary.commands.map(({ name, aliases, help }) => `  ${c.bold(aliases[0])}, ${name.padEnd(11)}${help}`),
    `  ${c.bold('<expression>')}   ${vocabulary.evaluate.help}`,
    c.dim(`  ${vocabulary.note}`),
  ]
}
