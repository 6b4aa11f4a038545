import { defineConfig } from 'tsup'

export default defineConfig([
  // The state API is imported by user code, also from CommonJS (Jest's sandbox `require`s it): ship both formats.
  { entry: { index: 'src/index.ts' }, format: ['esm', 'cjs'], target: 'node20', clean: false, sourcemap: true },
  {
    entry: {
      'worker/index': 'src/worker/index.ts',
      'main/index': 'src/main/index.ts',
      'shared/index': 'src/shared/index.ts',
    },
    format: ['esm'],
    target: 'node20',
    sourcemap: true,
  },
])
