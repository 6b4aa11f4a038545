import { realpathSync } from 'node:fs'
import path from 'node:path'

/**
 * A path as the runners name the modules they load: with symlinks resolved (Vite's `preserveSymlinks: false`, Jest's
 * resolver). A reload dir reached through a symlink (`src -> ../shared/src`) must name its files the same way, or a
 * save would be `not loaded` where the module is. A path that no longer exists keeps its folder's real path.
 */
export function realPath(file: string): string {
  try {
    return realpathSync(file)
  } catch {
    const dir = path.dirname(file)
    return dir === file ? file : path.join(realPath(dir), path.basename(file))
  }
}
