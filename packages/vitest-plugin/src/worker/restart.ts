// `r`: the test file runs again in this worker once its run has ended, as Vitest runs a file: its modules evaluated
// afresh from the code on disk, its setup files, `beforeAll` and tests collected and run again
// (docs/architecture.md, "Vitest: re-running through retry"). Main replaces a file's results when the same file is collected
// again, so the summary counts the new run only.
import { setTimeout as sleep } from 'node:timers/promises'
import type { ChannelInfo } from '../shared/env.js'
import type { Task } from './task.js'
import { moduleRunner, workerState } from './vitest-internals.js'

interface RunnerLike {
  onAfterRunSuite?(suite: unknown): unknown
  onAfterRunFiles?(files: unknown): unknown
}
type RunnerClass = { prototype: RunnerLike }
type StartTests = (specs: string[], runner: RunnerLike) => Promise<Task[]>

/**
 * The file ran again but did not load (an import of a file deleted since, a syntax error): asked as a failed test is;
 * true runs it again.
 */
export type OnLoadError = (file: Task, attempt: number) => Promise<boolean>

/** The runner sends task updates at most every 100 ms: after this, none of the ended run is still on its way. */
const UPDATES_SETTLE_MS = 150
/** What Vitest itself never re-evaluates between files. */
const VITEST_OWN = [/\/vitest\/dist\//, /vitest-virtual-\w+\/dist/, /@vitest\/dist/]

/** Why `r` cannot work in this worker, or undefined when it can. */
export function restartUnavailable(): string | undefined {
  if ((workerState().config as { runner?: string }).runner) return 'a custom test runner (test.runner) is in use'
  return undefined
}

/**
 * Skips what has not started in `test`'s file, and runs the file again once this run of it has ended; again and again
 * while it does not load and `onLoadError` says so.
 */
export async function restartWhenDone(test: Task, info: ChannelInfo, onLoadError?: OnLoadError): Promise<void> {
  const file = test.file as unknown as Task
  const [{ startTests }, TestRunner] = await Promise.all([
    // what Vitest's browser mode imports: the running @vitest/runner, bundled into Vitest 5
    import(`${info.vitestDist}/browser.js`) as Promise<{ startTests: StartTests }>,
    runnerClass(info.vitestDist),
  ])
  skipPending(file)
  // the runner instance is not reachable from a test: it shows itself when it ends the file's suite
  const proto = TestRunner.prototype
  const onAfterRunSuite = proto.onAfterRunSuite
  proto.onAfterRunSuite = async function (this: RunnerLike, suite: unknown) {
    await onAfterRunSuite?.call(this, suite)
    if (suite !== file) return
    proto.onAfterRunSuite = onAfterRunSuite
    const onAfterRunFiles = this.onAfterRunFiles
    // the end of this run of the file, where Vitest would go on to the next file
    this.onAfterRunFiles = async (files: unknown) => {
      this.onAfterRunFiles = onAfterRunFiles
      await onAfterRunFiles?.call(this, files)
      const filepath = (test.file as { filepath: string }).filepath
      for (let attempt = 1; ; attempt++) {
        await sleep(UPDATES_SETTLE_MS)
        freshModules()
        const [ran] = await startTests([filepath], this)
        if (!ran || !failedToLoad(ran) || !(await onLoadError?.(ran, attempt))) break
      }
    }
  }
}

/** A file that failed before any of its tests was collected. */
function failedToLoad(file: Task): boolean {
  return file.result?.state === 'fail' && !file.tasks?.length && Boolean(file.result.errors?.length)
}

/** Tests and suites that have not started do not run in this run: they run in the next one. */
function skipPending(task: Task): void {
  for (const child of task.tasks ?? []) {
    if (!child.result) child.mode = 'skip'
    skipPending(child)
  }
}

/** As Vitest does between files when isolating: every module but Vitest's own is evaluated again, fetched anew. */
function freshModules(): void {
  const { evaluatedModules } = workerState()
  for (const node of evaluatedModules.idToModuleMap.values())
    if (!VITEST_OWN.some((own) => own.test(node.id))) evaluatedModules.invalidateModule(node)
  moduleRunner().mocker?.reset()
}

/** Vitest's TestRunner class: exported by `vitest` from 4.1, by `vitest/runners` before. */
async function runnerClass(dist: string): Promise<RunnerClass> {
  const index = (await import(`${dist}/index.js`)) as { TestRunner?: RunnerClass }
  if (index.TestRunner) return index.TestRunner
  return ((await import(`${dist}/runners.js`)) as { VitestTestRunner: RunnerClass }).VitestTestRunner
}
