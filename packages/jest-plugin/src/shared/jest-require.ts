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

/** A require from the person's project, as their own code resolves packages. */
export function projectRequire(rootDir: string): NodeJS.Require {
  return createRequire(path.join(rootDir, 'package.json'))
}

/**
 * A module Jest would load by name: the person's own (`configured`, resolved from their project), else Jest's default
 * package. Jest 29.7 exports the function or class itself, 30.x `{ default }`.
 */
export function loadJestModule<T extends Function>(
  rootDir: string,
  configured: string | undefined,
  fallback: string,
): T {
  const id = configured ? projectRequire(rootDir).resolve(configured) : fallback
  const loaded = requireFromJest(rootDir)(id) as T | { default: T }
  return typeof loaded === 'function' ? loaded : loaded.default
}
