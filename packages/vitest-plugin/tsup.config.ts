import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'cli/bin': 'src/cli/bin-entry.ts',
    'cli/cli-entry': 'src/cli/cli-entry.ts',
    'cli/register': 'src/cli/register.ts',
    'cli/cli-hooks': 'src/cli/cli-hooks.ts',
    'worker/setup': 'src/worker/setup.ts',
  },
  format: ['esm'],
  target: 'node20',
  sourcemap: true,
  // old chunks go; declarations stay, for tsc -b, whose build info says they are current, emits only what changed
  clean: ['**/*', '!**/*.d.ts', '!.tsbuildinfo'],
  // the worker setup file must import the very `vitest` the test files use, never a bundled copy
  external: ['vitest', 'vitest/node', 'vite', '@mighty-patcher/core'],
})
