import { errorMessage } from '../../shared/messages.js'
import { type FormatContext, relativePath } from '../print/format.js'

/** What a runner says about a file after its patch, when it knows (Jest with ts-jest: the file's type errors). */
export type AfterPatch = (file: string) => Promise<string[]>

export interface PatchNotices {
  /** A patch's report is on screen: ask about each file it patched. */
  patched(files: string[]): void
  /** Files saved again: what is still to come about their earlier versions is stale. */
  saved(files: string[]): void
  /** Prints the notices that arrived (before a question, at the end of a turn). */
  flush(): void
  /** Lines that come on their own time, as they are (a patch's report that came after its cancel was given up). */
  late(lines: string[]): void
}

export interface PatchNoticesOptions {
  afterPatch: AfterPatch | undefined
  print(lines: string | string[]): void
  context: FormatContext
  /** Runs `work` before the next question (the open one gives way); false when no conversation holds the terminal. */
  hold(work: () => Promise<void>): boolean
  /** A turn holds the terminal without a conversation: its end flushes. */
  busy(): boolean
}

/**
 * Notices come after the patch line and never hold up the patch or `c`: the runner answers on its own time, and what
 * it says about a version of a file saved again since is dropped.
 */
export function createPatchNotices({ afterPatch, print, context, hold, busy }: PatchNoticesOptions): PatchNotices {
  const saves = new Map<string, number>()
  const ready: string[] = []

  const flush = () => {
    if (ready.length > 0) print(ready.splice(0))
  }
  const arrived = (lines: string[]) => {
    ready.push(...lines)
    if (!hold(async () => flush()) && !busy()) flush()
  }

  return {
    patched(files) {
      if (!afterPatch) return
      for (const file of files) {
        const version = saves.get(file) ?? 0
        const current = () => (saves.get(file) ?? 0) === version
        afterPatch(file).then(
          (lines) => current() && lines.length > 0 && arrived(lines.map((line) => context.c.yellow(line))),
          (error: unknown) =>
            current() &&
            arrived([context.c.yellow(`could not check ${relativePath(context.root, file)}: ${errorMessage(error)}`)]),
        )
      }
    },
    saved(files) {
      for (const file of files) saves.set(file, (saves.get(file) ?? 0) + 1)
    },
    flush,
    late: arrived,
  }
}
