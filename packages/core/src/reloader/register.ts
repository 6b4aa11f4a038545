import { isCI } from '../shared/activation.js'
import { PREFIX } from '../shared/messages.js'
import { startAutoReloader } from './auto-reloader.js'

// `node --import @mighty-patcher/core/register app.js`: the reloader on the program's own modules, from its first
// `require`. MIGHTY_PATCHER_DIR names the reload dir (default: the working directory). Off, in one line, in production
// and in CI: nothing there should change code under a running process.

const DIR_ENV = 'MIGHTY_PATCHER_DIR'

if (process.env.NODE_ENV === 'production' || isCI(process.env)) {
  const why = process.env.NODE_ENV === 'production' ? 'NODE_ENV=production' : 'CI detected'
  process.stderr.write(`${PREFIX} reloader off: ${why} — the program runs as it is\n`)
} else {
  const reloader = await startAutoReloader({ dir: process.env[DIR_ENV] || process.cwd() })
  process.stderr.write(
    `${PREFIX} reloader on: saves under ${reloader.dir} are patched into this process (pid ${process.pid})\n`,
  )
}
