import http from 'node:http'
import { afterEach, describe, expect, test } from 'vitest'
import { Project, type RunnerName } from './harness/project.js'
import { Terminal } from './harness/terminal.js'

// The reloader in any Node program (`node --import @mighty-patcher/core/register`): a real HTTP server with a
// counter in memory and a kept-alive connection. A save is patched into the same process — the next answer is the new
// code's, the count goes on, the connection is the same — and a save that does not parse is named while the server
// goes on answering with the last good code. CommonJS on Node 20 and 26, ES modules on Node 20 (hooks on a loader
// thread), 22 and 26 (on the program's thread), TypeScript by Node's type stripping (Node 26) and by tsx (Node 20, 26).

interface Subject {
  name: string
  /** Whose Node runs it: a runner package's `node` comes first on PATH (vitest4: the machine's, Node 20). */
  runner: RunnerName
  fixture: string
  main: string
  routes: string
  /** Started with `--import tsx` too: its transform, not Node's type stripping. */
  tsx?: boolean
}

/** `runner`, fixture, the program's main file, the module a save changes. */
const subject = (name: string, runner: RunnerName, fixture: string, main: string, routes: string): Subject => ({
  name,
  runner,
  fixture,
  main,
  routes,
})

const SUBJECTS: Subject[] = [
  subject('Node 20, CommonJS', 'vitest4', 'reloader-js', 'server.js', 'src/routes.js'),
  subject('Node 26, CommonJS', 'vitest4-node26', 'reloader-js', 'server.js', 'src/routes.js'),
  subject('Node 26, CommonJS in TypeScript', 'vitest4-node26', 'reloader-ts', 'server.ts', 'src/routes.ts'),
  subject('Node 20, ES modules', 'vitest4', 'reloader-esm', 'server.js', 'src/routes.js'),
  subject('Node 22, ES modules', 'vitest5', 'reloader-esm', 'server.js', 'src/routes.js'),
  subject('Node 26, ES modules', 'vitest4-node26', 'reloader-esm', 'server.js', 'src/routes.js'),
  subject('Node 26, ES modules in TypeScript', 'vitest4-node26', 'reloader-esm', 'server.ts', 'src/routes.ts'),
  { ...subject('Node 20, tsx', 'vitest4', 'reloader-tsx', 'server.ts', 'src/routes.ts'), tsx: true },
  {
    ...subject('Node 26, tsx, ES modules', 'vitest4-node26', 'reloader-tsx-esm', 'server.ts', 'src/routes.ts'),
    tsx: true,
  },
  { ...subject('Node 20, tsx, ES modules', 'vitest4', 'reloader-tsx-esm', 'server.ts', 'src/routes.ts'), tsx: true },
]

let cleanup: (() => void) | undefined
afterEach(() => {
  cleanup?.()
  cleanup = undefined
})

/** One kept-alive connection for every request: whether the server still holds it shows in `reused`. */
function client(port: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const get = () =>
    new Promise<{ body: string; reused: boolean }>((resolve, reject) => {
      const request = http.get({ host: '127.0.0.1', port, agent }, (response) => {
        let body = ''
        response.on('data', (chunk) => (body += chunk))
        response.on('end', () => resolve({ body, reused: request.reusedSocket }))
      })
      request.on('error', reject)
    })
  return { get, close: () => agent.destroy() }
}

/**
 * `node [--import tsx] --import @mighty-patcher/core/register <main>` in a copy of `fixture`, in a real terminal, with
 * `src` the reload dir; `connect` waits for the server to listen and opens the kept-alive connection. Both end with
 * the test.
 */
function startProgram(
  runner: RunnerName,
  fixture: string,
  main: string,
  { tsx = false, env = { MIGHTY_PATCHER_DIR: 'src' } }: { tsx?: boolean; env?: Record<string, string> } = {},
) {
  const project = new Project(runner, fixture)
  const preload = [...(tsx ? ['--import', 'tsx'] : []), '--import', '@mighty-patcher/core/register']
  const term = new Terminal('node', [...preload, main], { cwd: project.dir, env: project.env(env) })
  let server: ReturnType<typeof client> | undefined
  cleanup = () => {
    server?.close()
    term.kill()
    project.remove()
  }
  const connect = async () => {
    const [, port] = await term.waitFor(/listening on (\d+)/)
    server = client(Number(port))
    return server
  }
  return { project, term, connect }
}

describe.each(SUBJECTS)('$name', (s) => {
  test('a save is patched into the running server: same pid, count kept, connection open; a broken save is named and the last good code answers', async () => {
    const { project, term, connect } = startProgram(s.runner, s.fixture, s.main, { tsx: s.tsx })
    await term.waitFor(/reloader on: saves under \S+src are patched into this process \(pid \d+\)/)
    const server = await connect()
    const first = await server.get()
    const [, pid] = /^old answer 1 pid (\d+)$/.exec(first.body) ?? []
    expect(pid, first.body).toBeDefined()

    project.edit(s.routes, 'old answer', 'new answer')
    await term.waitFor(`patched ${s.routes} (updated answer)`)
    expect(await server.get()).toEqual({ body: `new answer 2 pid ${pid}`, reused: true })

    project.edit(s.routes, 'return `new answer', 'return (`new answer')
    // JavaScript: named at its place in the file (the program's code is the file itself); TypeScript: in the words of
    // Node's type stripping, which gives no place
    const place = s.tsx
      ? 'Transform failed with 1 error:\\n[^\\n]*routes\\.ts:3:0: ERROR: Expected "\\)" but found "}"'
      : s.routes.endsWith('.ts')
        ? "Expected ',', got '}'"
        : '[^\\n]* \\(line 3, column 1\\)'
    await term.waitFor(new RegExp(`error ${s.routes.replace('.', '\\.')}: ${place} — old code keeps running`))
    expect(await server.get()).toEqual({ body: `new answer 3 pid ${pid}`, reused: true })

    project.edit(s.routes, 'return (`new answer', 'return `fixed answer')
    await term.waitFor(`patched ${s.routes} (updated answer)`)
    expect(await server.get()).toEqual({ body: `fixed answer 4 pid ${pid}`, reused: true })
    // the type stripping API warns that it is experimental: ours to know, not the program's output
    expect(term.text).not.toContain('ExperimentalWarning: stripTypeScriptTypes')
  })
})

test('an ES module: a changed exported constant runs again (before: `export` could not run in a function), an added import is named', async () => {
  const { project, term, connect } = startProgram('vitest4-node26', 'reloader-esm', 'server.js')
  const server = await connect()
  const routes = (label: string) =>
    `export const LABEL = '${label}'\n\nexport function answer(count) {\n  return \`\${LABEL} answer \${count}\`\n}\n`
  project.write('src/routes.js', routes('first'))
  await term.waitFor('patched src/routes.js (updated answer; added LABEL)')
  expect((await server.get()).body).toMatch(/^first answer 1 pid/)
  project.write('src/routes.js', routes('second'))
  await term.waitFor('patched src/routes.js (updated LABEL)')
  expect((await server.get()).body).toMatch(/^second answer 2 pid/)
  project.write('src/routes.js', `import { sep } from 'node:path'\n${routes('second')}`)
  await term.waitFor(
    'patched src/routes.js (still old: line 1 — an import does not run again in a loaded ES module (what it imports is missing); a restart of the program loads it anew)',
  )
})

test("tsx's CommonJS output (the module wrapped in a function run once): a changed top-level statement is named, never silently stale", async () => {
  const { project, term } = startProgram('vitest4', 'reloader-tsx', 'server.ts', { tsx: true })
  await term.waitFor(/listening on \d+/)
  project.edit('src/routes.ts', "GREETING: string = 'hello'", "GREETING: string = 'hi'")
  // before: `patched src/routes.ts (updated call())`, and the old value kept answering
  await term.waitFor(
    "patched src/routes.ts (still old: top level — the module's code is wrapped in a function that ran once (tsx's CommonJS output)",
  )
})

test('with NODE_ENV=production or CI set it does nothing but say so in one line', async () => {
  const { term, connect } = startProgram('vitest4', 'reloader-js', 'server.js', { env: { NODE_ENV: 'production' } })
  await term.waitFor('[mighty-patcher] reloader off: NODE_ENV=production — the program runs as it is')
  const server = await connect()
  expect((await server.get()).body).toMatch(/^old answer 1 pid \d+$/)
})
