import { defineConfig } from 'tsup'

export default defineConfig([
  // The state API is imported by user code, also from CommonJS (Jest's sandbox `require`s it): ship both formats.
  { entry: { index: 'src/index.ts' }, format: ['esm', 'cjs'], target: 'node20', clean: false, sourcemap: true },
  {
    entry: {
      'engine/index': 'src/engine/index.ts',
      'worker/index': 'src/worker/index.ts',
      // the inspect helper thread's entry, started with `new Worker` on the first `i`
      'worker/inspect-helper': 'src/worker/inspect/helper.ts',
      'main/index': 'src/main/index.ts',
      'shared/index': 'src/shared/index.ts',
      // a restart-less reloader for any Node program, and its `--import` entry
      'reloader/index': 'src/reloader/index.ts',
      'reloader/register': 'src/reloader/register.ts',
      // Node 20 – 22.14: the ES module hooks' thread
      'reloader/esm-hooks': 'src/reloader/esm-hooks.ts',
    },
    format: ['esm'],
    target: 'node20',
    sourcemap: true,
  },
])
