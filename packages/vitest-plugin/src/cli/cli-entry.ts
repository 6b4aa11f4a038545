import { runReloadCli } from './bin.js'

// Stands in for Vitest's dist/cli.js when the preload is active (see ./cli-hooks).
await runReloadCli(process.argv.slice(2))
