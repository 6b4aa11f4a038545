// A restart-less reloader for any running Node program (docs/architecture.md, "Any Node program"): the engine, Node's
// module loading, the watcher and a line per save. `@mighty-patcher/core/register` starts it from the command line.

export { type AutoReloader, type AutoReloaderOptions, startAutoReloader } from './auto-reloader.js'
