import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { watch } from 'chokidar'
import { errorMessage, PREFIX } from '../../shared/messages.js'
import { realPath } from '../../shared/real-path.js'

/** Absolute paths of source files whose content changed, and of those that are gone (renames are both). */
export interface ChangeBatch {
  changed: string[]
  deleted: string[]
  /** performance.now() of the batch's first file-system event: where a save's latency starts. */
  since?: number
}

export interface WatcherOptions {
  root: string
  onChange(batch: ChangeBatch): void | Promise<void>
  /**
   * Quiet time before a batch is emitted: one save of several files (format-on-save, "save all") or one file written in
   * chunks is one batch.
   */
  debounce?: number
  onError?(error: unknown): void
}

export interface Watcher {
  ready: Promise<void>
  /** Watches one more file outside the root too (a test file of the run); resolves once its saves are seen. */
  watchFile(file: string): Promise<void>
  close(): Promise<void>
}

const SOURCE_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'])
const ADD_TIMEOUT_MS = 1000
const IGNORED_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'coverage', '.vitest', '.cache'])

export function isSourceFile(file: string): boolean {
  return SOURCE_EXTENSIONS.has(path.extname(file))
}

function inIgnoredDir(root: string, file: string): boolean {
  return path
    .relative(root, file)
    .split(path.sep)
    .some((segment) => IGNORED_DIRS.has(segment))
}

export function createWatcher({ root, onChange, debounce = 20, onError = reportError }: WatcherOptions): Watcher {
  // Content hash of what we last reported per file. Unknown until a file's first event, which is always reported.
  const hashes = new Map<string, string>()
  // Files touched since the last batch; `added` marks files first seen in this window (for transient files).
  const dirty = new Map<string, { added: boolean }>()
  let firstEvent: number | undefined
  let timer: NodeJS.Timeout | undefined
  let flushing = Promise.resolve()
  let closed = false
  // files outside the root watched on request, through their folders: a watch on the file itself ends when the file
  // is removed, and a file written again (`git checkout`, a formatter, an editor's rename-over save) would go unseen
  const extra = new Set<string>()
  const extraDirs = new Set<string>()
  const outsideRoot = (file: string) => path.relative(root, file).startsWith('..')

  const watcher = watch(root, {
    ignoreInitial: true,
    // editors that save via temp file + rename produce unlink+add: chokidar folds it into one change
    atomic: true,
    // a save written in chunks is reported once the size holds still (25 ms: well above an editor's write gaps,
    // well below what a person notices). Not only for chunks: chokidar drops a second `change` of a file within 50 ms
    // of the first, and this wait is what sees a quick second save
    awaitWriteFinish: { stabilityThreshold: 25, pollInterval: 5 },
    ignored: (file, stats) =>
      outsideRoot(file)
        ? !extra.has(file) && !extraDirs.has(file)
        : inIgnoredDir(root, file) || (!!stats?.isFile() && !isSourceFile(file)),
  })

  const touch = (file: string, event: 'add' | 'change' | 'unlink') => {
    if (closed || !isSourceFile(file)) return
    if (outsideRoot(file) ? !extra.has(file) : inIgnoredDir(root, file)) return
    firstEvent ??= performance.now()
    if (!dirty.has(file)) dirty.set(file, { added: event === 'add' && !hashes.has(file) })
    clearTimeout(timer)
    timer = setTimeout(() => {
      flushing = flushing.then(flush, flush)
    }, debounce)
  }

  async function flush(): Promise<void> {
    // named as the runner names the modules it loaded: through any symlink, the real path, once
    const files = new Map([...dirty].map(([file, state]) => [realPath(file), state]))
    dirty.clear()
    const batch: ChangeBatch = { changed: [], deleted: [], since: firstEvent }
    firstEvent = undefined
    for (const [file, { added }] of files) {
      let content: Buffer
      try {
        content = await readSettled(file, hashes.get(file) !== EMPTY)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') continue
        // a file created and removed within one window never existed for any worker
        if (hashes.delete(file) || !added) batch.deleted.push(file)
        continue
      }
      const hash = createHash('sha1').update(content).digest('hex')
      if (hashes.get(file) === hash) continue
      hashes.set(file, hash)
      batch.changed.push(file)
    }
    if (closed || (!batch.changed.length && !batch.deleted.length)) return
    try {
      await onChange(batch)
    } catch (error) {
      onError(error)
    }
  }

  const isWatched = (file: string) => watcher.getWatched()[path.dirname(file)]?.includes(path.basename(file)) ?? false

  watcher.on('add', (file) => touch(file, 'add'))
  watcher.on('change', (file) => touch(file, 'change'))
  watcher.on('unlink', (file) => touch(file, 'unlink'))
  watcher.on('error', onError)

  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()))
  return {
    ready,
    async watchFile(file) {
      if (closed || !outsideRoot(file) || extra.has(file)) return
      extra.add(file)
      const dir = path.dirname(file)
      if (!extraDirs.has(dir)) {
        extraDirs.add(dir)
        watcher.add(dir)
      }
      // chokidar adds a path asynchronously and says nothing when it is done: it is listed once it is watched
      for (let waited = 0; waited < ADD_TIMEOUT_MS && !isWatched(file); waited += 10)
        await new Promise((resolve) => setTimeout(resolve, 10))
    },
    async close() {
      closed = true
      clearTimeout(timer)
      await watcher.close()
      await flushing
    },
  }
}

const EMPTY = createHash('sha1').digest('hex')
// an editor that truncates, then writes: the write comes within a few ms, seldom more than this
const EMPTY_SETTLE_MS = 150

/**
 * The file's content once a save is written. A file that had content and reads empty is read again a moment later:
 * an editor's truncate and its write may be two events apart (a module patched as empty would lose every function
 * until the next save). Still empty then, it was emptied.
 */
async function readSettled(file: string, hadContent: boolean): Promise<Buffer> {
  const content = await readFile(file)
  if (content.length > 0 || !hadContent) return content
  await new Promise((resolve) => setTimeout(resolve, EMPTY_SETTLE_MS))
  return readFile(file)
}

function reportError(error: unknown): void {
  process.stderr.write(`${PREFIX} watcher: ${errorMessage(error)}\n`)
}
