import type { Vitest } from 'vitest/node'

// A file's fresh transform, done in the main process for a test process stopped by inspect (its thread cannot ask
// Vitest itself). Through Vite's public `transformRequest` in the environment that loaded the file: the same code
// the worker's fetch gets, apart from the trailing source-map comment, which a live edit does not care about.

interface ModuleNode {
  url: string
}

interface Environment {
  moduleGraph: { getModulesByFile(file: string): Set<ModuleNode> | undefined }
  transformRequest(url: string): Promise<{ code: string } | null>
}

export async function transformForWorkers(vitest: Vitest, file: string): Promise<string> {
  for (const project of vitest.projects) {
    const environments = project.vite.environments as unknown as Record<string, Environment>
    const names = Object.keys(environments).sort((a, b) => Number(b === 'ssr') - Number(a === 'ssr'))
    for (const name of names) {
      const environment = environments[name]!
      const [node] = environment.moduleGraph.getModulesByFile(file) ?? []
      if (!node) continue
      const result = await environment.transformRequest(node.url)
      if (result) return result.code
    }
  }
  throw new Error(`${file} is not a module Vitest has loaded`)
}
