import type { FrameDetails, Variable } from '../../shared/protocol.js'
import type { CallFrame } from './frames.js'
import { type Post, type RemoteObject, render, SHORT, shorten } from './remote.js'

// A frame's variables, scoped as a debugger shows them: its own (Local: the function's and its blocks'), each
// enclosing function's (Closure), and the module's top level (Module: the runner's module wrapper, or a native ES
// module's scope). V8 lists an enclosing scope's variables only when some closure captured them.

const MAX_PER_SCOPE = 20

/**
 * Not shown: `arguments` (instrumented functions read it, so V8 lists it everywhere) and, at the module level, the
 * runner's wrapper parameters (each scope accessor's `eval` keeps them all alive) — `__…` names are the runner's too.
 */
const HIDDEN = new Set(['arguments'])
const WRAPPER = new Set([...HIDDEN, 'module', 'exports', 'require', '__filename', '__dirname', 'jest'])

export async function scopesOf(post: Post, frame: CallFrame): Promise<Pick<FrameDetails, 'locals' | 'enclosing'>> {
  const seen = new Set<string>()
  const own = frame.scopeChain.findIndex((scope) => scope.type === 'local')
  const locals: Variable[] = []
  for (const scope of frame.scopeChain.slice(0, own + 1))
    if (scope.type === 'local' || scope.type === 'block' || scope.type === 'catch')
      locals.push(...(await variablesOf(post, scope.object, seen, MAX_PER_SCOPE - locals.length, HIDDEN)))
  const enclosing: FrameDetails['enclosing'] = []
  const functions = enclosingFunctions(frame.scopeChain.slice(own + 1))
  for (const [index, scopes] of functions.entries()) {
    // the outermost function around user code is the runner's module wrapper: its variables are the module's
    const module = index === functions.length - 1
    const variables: Variable[] = []
    for (const scope of scopes)
      variables.push(...(await variablesOf(post, scope.object, seen, MAX_PER_SCOPE, module ? WRAPPER : HIDDEN)))
    if (variables.length) enclosing.push({ kind: module ? 'Module' : 'Closure', variables })
  }
  return { locals, enclosing }
}

/**
 * The scopes around a frame's function, grouped by the function they belong to, innermost first: a function's block
 * scopes come before its own (the runner's wrapper may open a block for the module code), a native module is one.
 */
export function enclosingFunctions(outer: CallFrame['scopeChain']): CallFrame['scopeChain'][] {
  const functions: CallFrame['scopeChain'][] = []
  let blocks: CallFrame['scopeChain'] = []
  for (const scope of outer) {
    if (scope.type === 'block' || scope.type === 'catch') blocks.push(scope)
    else if (scope.type === 'closure' || scope.type === 'module') {
      functions.push([...blocks, scope])
      blocks = []
    }
  }
  if (blocks.length) functions.push(blocks)
  return functions
}

async function variablesOf(
  post: Post,
  scope: RemoteObject,
  seen: Set<string>,
  room: number,
  hidden: Set<string>,
): Promise<Variable[]> {
  if (!scope.objectId || room <= 0) return []
  const { result } = await post<{ result: { name: string; value?: RemoteObject }[] }>('Runtime.getProperties', {
    objectId: scope.objectId,
    ownProperties: true,
  })
  const variables: Variable[] = []
  for (const property of result) {
    // an inner binding hides an outer one of the same name; `__…` names are the runner's (its module wrapper)
    const name = property.name
    if (seen.has(name) || name.startsWith('__') || hidden.has(name) || variables.length >= room) continue
    seen.add(property.name)
    const preview = property.value ? shorten(await render(post, property.value, SHORT)) : '<uninitialized>'
    variables.push({ name: property.name, preview })
  }
  return variables
}
