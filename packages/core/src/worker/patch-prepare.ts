import { describeSaveError } from '../analysis/save-error.js'
import type { FileReport } from '../shared/report.js'
import type { LoadedModule, RunnerAdapter } from './adapter.js'
import { analyzeModule, type ModuleShape } from './source-shape.js'

/** A loaded module instance and the new code it is to run. */
export interface PreparedModule {
  module: LoadedModule
  report: FileReport
  code: string
  shape: ModuleShape
}

/** The first phase of a patch: the runner's fresh transform of the file, parsed once for all its instances. */
export async function prepareFile(adapter: RunnerAdapter, report: FileReport): Promise<PreparedModule[]> {
  const modules = adapter.modulesOf(report.file)
  if (modules.length === 0) {
    report.status = 'not-loaded'
    return []
  }
  try {
    const code = await adapter.transform(report.file)
    const shape = analyzeModule(code)
    return modules.map((module) => ({ module, report, code, shape }))
  } catch (error) {
    report.status = 'error'
    report.error = describeSaveError(error)
    return []
  }
}
