import { runReloadCli } from './bin.js'

await runReloadCli(process.argv.slice(2))
