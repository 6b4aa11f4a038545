import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'cli/bin': 'src/cli/bin.ts',
    'cli/register': 'src/cli/register.ts',
    'main/in-band': 'src/main/in-band.ts',
    'main/host-thread': 'src/main/host.ts',
    // beside main/host-thread.js, which bundles type-check.ts and starts it by that relative URL
    'main/type-check-thread': 'src/ts-jest/type-check-thread.ts',
    'main/file-runner': 'src/main/file-runner.ts',
    'worker/runner': 'src/worker/runner.ts',
  },
  format: ['esm'],
  target: 'node20',
  sourcemap: true,
  // Jest's own packages are always the user's (resolved from their project at run time), never bundled
  external: ['@mighty-patcher/core', /^jest/, /^@jest\//],
})
