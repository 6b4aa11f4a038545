// Checks the three packages the way they would be published: `pnpm pack` each into a temporary folder, then publint
// (package.json against the packed files) and arethetypeswrong (types as TypeScript resolves them) on the tarball.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
// run as a package script, pnpm names itself in npm_execpath (it may not be on PATH: `npx pnpm …`)
const pnpm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['pnpm']
const bin = (name) => join(root, 'node_modules', '.bin', name)
// core ships CommonJS for its state API only; every other entry, and both plugins, are ES modules by design
const packages = [
  { dir: 'packages/core', attw: ['--profile', 'node16', '--ignore-rules', 'cjs-resolves-to-esm'] },
  { dir: 'packages/vitest-plugin', attw: ['--profile', 'esm-only'] },
  { dir: 'packages/jest-plugin', attw: ['--profile', 'esm-only'] },
]
// entries that are started as threads or loaded by path, never imported for their types
const notImported = [
  './worker/inspect-helper',
  './internal/runner',
  './internal/file-runner',
  './internal/in-band',
  './internal/worker-setup',
]

const out = mkdtempSync(join(tmpdir(), 'mighty-patcher-pack-'))
try {
  for (const { dir, attw } of packages) {
    const before = new Set(readdirSync(out))
    execFileSync(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', out], {
      cwd: join(root, dir),
      stdio: 'ignore',
    })
    const tarball = join(
      out,
      readdirSync(out).find((file) => !before.has(file)),
    )
    quietUnlessFailing(bin('publint'), ['run', '--strict', tarball])
    quietUnlessFailing(bin('attw'), [...attw, '--exclude-entrypoints', ...notImported, '--format', 'ascii', tarball])
    console.log(`${dir}: publint and arethetypeswrong clean`)
  }
} finally {
  rmSync(out, { recursive: true, force: true })
}

function quietUnlessFailing(command, args) {
  try {
    execFileSync(command, args, { stdio: 'pipe' })
  } catch (error) {
    process.stdout.write(error.stdout ?? '')
    process.stderr.write(error.stderr ?? '')
    throw error
  }
}
