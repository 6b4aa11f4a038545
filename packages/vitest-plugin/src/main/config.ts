/// <reference types="vitest/config" />
import { realpathSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { decideActivation, disabledLine, enabledLine, PREFIX } from '@mighty-patcher/core/shared'
import type { Plugin } from 'vite'
import type { TestProject, Vitest } from 'vitest/node'
import { type ChannelInfo, ENV_DIR, ENV_LOOP, PROVIDE_KEY, SUPPORTED_VITEST } from '../shared/env.js'
import { startHost } from './host.js'

export interface ReloadLoopOptions {
  /** Default: on when `VITEST_RELOAD_LOOP=1` (what `vitest-reload --reload-loop` sets). */
  enabled?: boolean
  /** The root that is watched and patched. Default: `VITEST_RELOAD_DIR`, else the current directory. */
  dir?: string
}

// resolved through our own package exports: the bundler may move this code to another file in dist/
const setupFile = fileURLToPath(import.meta.resolve('@mighty-patcher/vitest-plugin/internal/worker-setup'))
// several plugin instances (config + the bin's) and several projects share one controller per Vitest
// Our worker code always runs as plain Node modules, as it does from node_modules: never transformed by Vite, loaded
// once per worker rather than once per test file. (A workspace link would otherwise make Vitest inline it.)
const ourCode = [setupFile, fileURLToPath(import.meta.resolve('@mighty-patcher/core/engine'))].map(
  (file) => new RegExp(`^${escapeRegExp(path.dirname(path.dirname(realpathSync(file))))}[\\\\/]`),
)
const SUMMARY_REPORTERS = new Set(['default', 'verbose'])
const controllers = new WeakMap<Vitest, Promise<ChannelInfo | undefined>>()

export function reloadLoop(options: ReloadLoopOptions = {}): Plugin {
  const namedProjects = new Set<string>()
  const requested = options.enabled ?? ['1', 'true'].includes(process.env[ENV_LOOP] ?? '')
  const plugin: Plugin = {
    name: 'mighty-patcher:reload-loop',
    config(config) {
      if (!requested) return
      // each project's server calls this hook too, with no projects of its own
      for (const named of joinInlineProjects(config as ProjectsConfig, plugin)) namedProjects.add(named)
      // a normal Vite `config` hook: Vitest merges arrays, so the user's setup files stay
      const existing = (config as { test?: { setupFiles?: string | string[] } }).test?.setupFiles
      if ([existing].flat().includes(setupFile)) return
      return { test: { setupFiles: [setupFile], server: { deps: { external: ourCode } } } } as never
    },
    async configureVitest({ vitest, project }: { vitest: Vitest; project: TestProject }) {
      if (!requested) return
      let controller = controllers.get(vitest)
      if (!controller) {
        controller = activate(vitest, options, [...namedProjects])
        controllers.set(vitest, controller)
      }
      const info = await controller
      if (info) project.provide(PROVIDE_KEY as never, info as never)
      else removeSetupFile(project)
    },
  }
  return plugin
}

type ProjectsConfig = { test?: { projects?: unknown[] } }

/**
 * Vitest runs tests only in the projects of `test.projects` (docs/architecture.md, "Vitest: projects"): the loop joins
 * each inline project itself — with `extends: true` too, which re-reads the config file, where a plugin given by the
 * bin or the preload is not. Projects named by a config file or a glob load their own config: the loop is there only
 * when that config adds `reloadLoop()`, and the start says so. Returns those entries.
 */
function joinInlineProjects(config: ProjectsConfig, plugin: Plugin): string[] {
  const projects = config.test?.projects
  if (!Array.isArray(projects)) return []
  const named: string[] = []
  for (const [index, project] of projects.entries()) {
    if (typeof project === 'string') named.push(project)
    if (!project || typeof project !== 'object') continue
    const entry = project as { plugins?: unknown[] }
    if (entry.plugins?.includes(plugin)) continue
    projects[index] = { ...entry, plugins: [...(entry.plugins ?? []), plugin] }
  }
  return named
}

/** The start's line about projects the loop cannot join from here. */
export function namedProjectsLine(named: string[]): string | undefined {
  if (named.length === 0) return undefined
  const list = named.map((entry) => `\`${entry}\``).join(', ')
  return (
    `${PREFIX} projects from ${list} load their own config: the loop runs there only if it adds reloadLoop() ` +
    "(import { reloadLoop } from '@mighty-patcher/vitest-plugin')"
  )
}

async function activate(
  vitest: Vitest,
  options: ReloadLoopOptions,
  namedProjects: string[],
): Promise<ChannelInfo | undefined> {
  const runner = { name: 'Vitest', version: vitest.version, supported: SUPPORTED_VITEST }
  const activation = decideActivation({ requested: true, watchOwnsStdin: false, runner })
  if (!activation.enabled) {
    vitest.logger.log(disabledLine(activation.reason))
    return undefined
  }
  // the live summary of the default and verbose reporters redraws every second, over the prompt
  vitest.config.reporters = vitest.config.reporters.map((reporter) =>
    Array.isArray(reporter) && SUMMARY_REPORTERS.has(reporter[0] as string)
      ? [reporter[0], { ...(reporter[1] as object), summary: false }]
      : reporter,
  ) as typeof vitest.config.reporters
  const root = path.resolve(vitest.config.root, options.dir ?? process.env[ENV_DIR] ?? '.')
  const info = await startHost(vitest, root)
  vitest.logger.log(enabledLine(root, process.cwd()))
  const named = namedProjectsLine(namedProjects)
  if (named) vitest.logger.log(named)
  return info
}

function removeSetupFile(project: TestProject): void {
  const files = project.config.setupFiles
  const at = files.indexOf(setupFile)
  if (at >= 0) files.splice(at, 1)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
