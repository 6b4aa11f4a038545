import { afterEach, it, onTestFailed } from 'vitest'
import { Project, type RunnerName } from './project.js'
import type { Terminal } from './terminal.js'

/** The prompt's question line: the loop is waiting for an answer. */
export const PROMPT = /c continue · s skip · q quit/

export interface StartOptions {
  env?: Record<string, string | undefined>
  /** Changes the project copy before the command starts. */
  prepare?(project: Project): void
  /** Typed at an interactive shell with job control, under a parent that waits for it as npm does (Project.terminal). */
  underShell?: boolean
}

/**
 * One project copy and one terminal per test, both gone after it: `const start = useTerminal()` in a test file, then
 * `const { project, term } = start(runner, fixture, bin, args, env)` in each test.
 */
export function useTerminal() {
  let project: Project | undefined
  let term: Terminal | undefined
  afterEach(() => {
    term?.kill()
    project?.remove()
    term = project = undefined
  })
  return (runner: RunnerName, fixture: string, bin: string, args: string[], options: StartOptions = {}) => {
    project = new Project(runner, fixture)
    options.prepare?.(project)
    term = project.terminal(bin, args, options.env, options.underShell)
    return { project, term }
  }
}

/** A line typed at the prompt: waits for what it shows, then for the prompt again. */
export async function answered(term: Terminal, line: string, shows: RegExp | string): Promise<void> {
  term.type(line)
  await term.waitFor(shows)
  await term.waitFor(PROMPT)
}

/** The pause header: ` PAUSED ` (inverse) and the test's full name. */
export function paused(testName: string): RegExp {
  return new RegExp(`PAUSED\\s+${testName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)
}

/**
 * The steps of one session in one terminal: consecutive tests sharing its state. After a failed step the later ones
 * cannot mean anything, so they are skipped.
 */
export function session() {
  let broken = false
  return (name: string, step: () => Promise<void>) =>
    it(name, async (context) => {
      if (broken) context.skip()
      onTestFailed(() => {
        broken = true
      })
      await step()
    })
}
