import type { FileReport } from '../../src/shared/report.js'

/** A file's patch report with nothing updated, for tests that care about its status. */
export const fileReport = (
  file: string,
  status: FileReport['status'],
  extra: Partial<FileReport> = {},
): FileReport => ({
  file,
  status,
  updated: [],
  reran: [],
  moved: [],
  added: [],
  removed: [],
  stale: [],
  ms: 1,
  ...extra,
})
