/** `project.provide` key under which workers find the channel to the main process. */
export const PROVIDE_KEY = 'mightyPatcher'

/** Env vars the bin and the preload set; the plugin reads them (docs/architecture.md, "Vitest: the CLI"). */
export const ENV_LOOP = 'VITEST_RELOAD_LOOP'
export const ENV_DIR = 'VITEST_RELOAD_DIR'

export interface ChannelInfo {
  port: number
  token: string
  root: string
  /**
   * The running Vitest's `dist` folder (a file URL), for `r`: the worker imports Vitest's modules from there to get the
   * very instances it runs with (Vitest 5 bundles its test runner; a bare import could find another copy).
   */
  vitestDist: string
}
