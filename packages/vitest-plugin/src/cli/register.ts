import { register } from 'node:module'
import path from 'node:path'

// `NODE_OPTIONS=--import=@mighty-patcher/vitest-plugin/register vitest --reload-loop [--reload-dir src]`:
// Vitest's own CLI refuses unknown flags before any plugin loads, so in the process that runs Vitest's bin we answer
// its CLI import with ours. Workers inherit NODE_OPTIONS too; there the preload does nothing.

const script = process.argv[1] ?? ''
const isVitestBin = /(^|[\\/])vitest(\.mjs)?$/.test(script) || script.endsWith(path.join('vitest', 'vitest.mjs'))
if (isVitestBin) register('./cli-hooks.js', import.meta.url)
