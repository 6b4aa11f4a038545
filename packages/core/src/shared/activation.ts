import { relative, sep } from 'node:path'
import satisfies from 'semver/functions/satisfies.js'
import { PREFIX } from './messages.js'

/** Whether the reload loop may take over the terminal. Off means tests simply fail as usual. */
export type Activation = { enabled: true } | { enabled: false; reason: DisabledReason }

export type DisabledReason =
  | 'not requested'
  | 'CI detected'
  | 'stdin is not a TTY'
  | 'stdout is not a TTY'
  | 'watch mode owns stdin'
  | `${string} is not supported (supported: ${string})`

/** The test runner the loop would drive, as installed in the person's project. */
export interface RunnerVersion {
  /** `Vitest`, `Jest` */
  name: string
  /** The installed version; undefined when it could not be read. */
  version: string | undefined
  /** The semver range the loop is proven on (the plugin's peer range). */
  supported: string
}

export interface ActivationInput {
  requested: boolean | undefined
  env?: Record<string, string | undefined>
  stdin?: { isTTY?: boolean }
  stdout?: { isTTY?: boolean }
  /** Vitest/Jest watch mode reads keystrokes from stdin while tests run: a prompt would fight it. */
  watchOwnsStdin?: boolean
  /** A runner outside the supported range turns the loop off: its internals may differ (never a TypeError mid-run). */
  runner?: RunnerVersion
}

export function decideActivation({
  requested,
  env = process.env,
  stdin = process.stdin,
  stdout = process.stdout,
  watchOwnsStdin = false,
  runner,
}: ActivationInput): Activation {
  if (!requested) return { enabled: false, reason: 'not requested' }
  const unsupported = runner && unsupportedRunner(runner)
  if (unsupported) return { enabled: false, reason: unsupported }
  if (isCI(env)) return { enabled: false, reason: 'CI detected' }
  if (!stdin.isTTY) return { enabled: false, reason: 'stdin is not a TTY' }
  if (!stdout.isTTY) return { enabled: false, reason: 'stdout is not a TTY' }
  if (watchOwnsStdin) return { enabled: false, reason: 'watch mode owns stdin' }
  return { enabled: true }
}

/** Why `runner` cannot be driven, or undefined when its version is in the supported range. */
export function unsupportedRunner({ name, version, supported }: RunnerVersion): DisabledReason | undefined {
  if (version && satisfies(version, supported, { includePrerelease: true })) return undefined
  return `${name} ${version ?? '(unknown version)'} is not supported (supported: ${supported.replaceAll('||', 'or')})`
}

/** Whether an installed runner `version` is `minimum` or newer (prereleases of a version count as that version). */
export function runnerAtLeast(version: string, minimum: string): boolean {
  return satisfies(version, `>=${minimum}-0`, { includePrerelease: true })
}

/** The one line both runners print when the loop is on; `watchRoot` is shown relative to where the person ran. */
export function enabledLine(watchRoot: string, cwd: string): string {
  const shown = relative(cwd, watchRoot).split(sep).join('/') || '.'
  return `${PREFIX} reload loop on: a failing test pauses; saves under ${shown} are patched`
}

export function disabledLine(reason: string): string {
  return `${PREFIX} reload loop off: ${reason} — tests run normally`
}

// Variables CI providers set when they do not set CI itself (the std-env provider table, CI-only entries).
// std-env's `isCI` reads process.env once at import, so it cannot judge an env passed in here.
const PROVIDER_VARS = [
  'GITHUB_ACTIONS',
  'GITLAB_CI',
  'CIRCLECI',
  'TRAVIS',
  'BUILDKITE',
  'APPVEYOR',
  'JENKINS_URL',
  'HUDSON_URL',
  'TF_BUILD',
  'SYSTEM_TEAMFOUNDATIONCOLLECTIONURI',
  'TEAMCITY_VERSION',
  'CODEBUILD_BUILD_ARN',
  'BITBUCKET_COMMIT',
  'bamboo_planKey',
  'GO_PIPELINE_LABEL',
  'DRONE',
  'SEMAPHORE',
  'CIRRUS_CI',
  'BITRISE_IO',
  'BUDDY_WORKSPACE_ID',
  'CF_BUILD_ID',
  'APPCENTER_BUILD_ID',
  'SAILCI',
  'SCREWDRIVER',
  'TDDIUM',
]

/** Like std-env's `isCI`, but an explicit `CI=false`/`CI=0` wins, so a developer can opt back in. */
export function isCI(env: Record<string, string | undefined>): boolean {
  const ci = env.CI?.trim().toLowerCase()
  if (ci !== undefined && ci !== '') return ci !== 'false' && ci !== '0'
  return PROVIDER_VARS.some((name) => !!env[name])
}
