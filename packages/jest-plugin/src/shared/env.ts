// The contract between the bin, the preload, the config helper and the test runner: plain environment variables,
// so a person can also set them by hand (`JEST_RELOAD_LOOP=1 JEST_RELOAD_DIR=src jest -i`).

/** '1' when the loop is on for this run, '0' when a launcher decided it is off. */
export const ENV_LOOP = 'JEST_RELOAD_LOOP'
/** Absolute path of the directory whose saves are patched in (default: the working directory). */
export const ENV_DIR = 'JEST_RELOAD_DIR'
/** The testRunner the reload runner delegates to, when the person configured one (default: jest-circus). */
export const ENV_BASE_RUNNER = 'JEST_RELOAD_BASE_RUNNER'
/** The runner (Jest's `--runner`, default jest-runner) the file runner delegates to, when the person named one. */
export const ENV_BASE_FILE_RUNNER = 'JEST_RELOAD_BASE_FILE_RUNNER'

export function loopRequested(env: NodeJS.ProcessEnv): boolean {
  return env[ENV_LOOP] === '1'
}
