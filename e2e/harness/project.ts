import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Terminal } from './terminal.js'

// A throwaway copy of a fixture project, placed inside the runner's package (e2e/runners/<runner>) so that `vitest`
// or `jest` resolve to that runner's version, exactly as in a user's project.

const e2eDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)))

/**
 * A package under e2e/runners with one runner version; `vitest5` and `jest30-node22` also bring node@22,
 * `vitest40-node24` node@24, `vitest4-node26` and `jest30-node26` node@26. `vitest3` and `jest28` are outside the supported range (the loop refuses them).
 */
export type RunnerName =
  | 'vitest40-node24'
  | 'vitest4'
  | 'vitest4-node26'
  | 'vitest5'
  | 'vitest3'
  | 'jest28'
  | 'jest29'
  | 'jest30'
  | 'jest30-node22'
  | 'jest30-node26'

export class Project {
  readonly dir: string

  /** `fixture`: a folder under e2e/fixtures (or a relative path from there, e.g. to examples/). */
  constructor(
    readonly runner: RunnerName,
    fixture: string,
  ) {
    const base = path.join(e2eDir, 'runners', runner, '.tmp')
    mkdirSync(base, { recursive: true })
    this.dir = mkdtempSync(path.join(base, `${path.basename(fixture)}-`))
    // a project's own node_modules are not copied: the runner's package provides them
    cpSync(path.join(e2eDir, 'fixtures', fixture), this.dir, {
      recursive: true,
      filter: (source) => path.basename(source) !== 'node_modules',
    })
  }

  /** Our bin as installed in the runner's package. */
  bin(name: string): string {
    return path.join(this.#binDir, name)
  }

  /**
   * Environment for commands run in this project: the runner package's bins come first on PATH, so a runner that
   * ships its own Node (vitest5 → Node 22) runs under it, workers included.
   */
  env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
    return { PATH: `${this.#binDir}${path.delimiter}${process.env.PATH ?? ''}`, ...extra }
  }

  /**
   * Starts a bin of the runner's package (ours: `vitest-reload`, `jest-reload`) in a real pseudo-terminal; `underShell`:
   * typed at an interactive bash (prompt `shell$ `), as a job whose first process waits for the bin, as npm waits for
   * what `npx` starts. The terminal's exit is then the shell's.
   */
  terminal(bin: string, args: string[], env: Record<string, string | undefined> = {}, underShell = false) {
    if (!underShell) return new Terminal(this.bin(bin), args, { cwd: this.dir, env: this.env(env) })
    // an interactive shell with job control, which runs it as a job of its own under `sh -c`, as npm runs `npx`'s
    const shell = new Terminal('bash', ['--norc', '--noprofile', '-i'], {
      cwd: this.dir,
      env: this.env({ ...env, PS1: 'shell$ ' }),
    })
    const quoted = [this.bin(bin), ...args].map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(' ')
    shell.press(`sh -c '"$0" "$@"; exit $?' ${quoted}\r`)
    return shell
  }

  get #binDir(): string {
    return path.join(e2eDir, 'runners', this.runner, 'node_modules', '.bin')
  }

  path(relative: string): string {
    return path.join(this.dir, relative)
  }

  read(relative: string): string {
    return readFileSync(this.path(relative), 'utf8')
  }

  /** Saves a file the way an editor does: the whole content at once. */
  write(relative: string, content: string): void {
    writeFileSync(this.path(relative), content)
  }

  /** Replaces `from` with `to` in a file and saves it; fails loudly if `from` is not there. */
  edit(relative: string, from: string, to: string): void {
    const before = this.read(relative)
    if (!before.includes(from)) throw new Error(`${relative} does not contain ${JSON.stringify(from)}`)
    this.write(relative, before.replace(from, to))
  }

  /** Deletes a file of the project (no argument: the whole project). */
  remove(relative?: string): void {
    rmSync(relative ? this.path(relative) : this.dir, { recursive: true, force: true })
  }
}
