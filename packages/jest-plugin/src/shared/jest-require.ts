import { createRequire } from 'node:module'
import path from 'node:path'

/**
 * A require that resolves Jest's own packages as the person's Jest does, so they match the running Jest (pnpm-safe:
 * walked through jest → @jest/core → jest-config, which is what resolves the default runner and testRunner).
 */
export function requireFromJest(rootDir: string): NodeJS.Require {
  let from = path.join(rootDir, 'package.json')
  for (const hop of ['jest', '@jest/core', 'jest-config']) {
    try {
      from = createRequire(from).resolve(hop)
    } catch {}
  }
  return createRequire(from)
}
