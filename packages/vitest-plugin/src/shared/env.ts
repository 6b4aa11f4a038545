/** `project.provide` key under which workers find the channel to the main process. */
export const PROVIDE_KEY = 'mightyPatcher'

/** Env vars the bin and the preload set; the plugin reads them (docs/architecture.md, "Vitest: the CLI"). */
export const ENV_LOOP = 'VITEST_RELOAD_LOOP'
export const ENV_DIR = 'VITEST_RELOAD_DIR'

/** The Vitest versions the loop is proven on (e2e), as in this package's peer range. */
export const SUPPORTED_VITEST = '^4.0.0 || ^5.0.0'

export interface ChannelInfo {
  port: number
  token: string
  root: string
  /** Vitest ≥ 4.1 reads a retry condition after each failed attempt; 4.0 knows a retry count only. */
  retryConditions: boolean
  /**
   * The running Vitest's `dist` folder (a file URL), for `r`: the worker imports Vitest's modules from there to get the
   * very instances it runs with (Vitest 5 bundles its test runner; a bare import could find another copy).
   */
  vitestDist: string
}
