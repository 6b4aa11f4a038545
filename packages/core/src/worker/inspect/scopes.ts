import type { FrameDetails, Variable } from '../../shared/protocol.js'
import type { CallFrame } from './frames.js'
import { type Post, type RemoteObject, render, SHORT, shorten } from './remote.js'

// A frame's variables, scoped as a debugger shows them: its own (Local: the function's and its blocks'), each
// enclosing function's (Closure), and the module's top level (Module: the runner's module wrapper, or a native ES
// module's scope). V8 lists an enclosing scope's variables only when some closure captured them.

const MAX_PER_SCOPE = 20

export async function scopesOf(post: Post, frame: CallFrame): Promise<Pick<FrameDetails, 'locals' | 'enclosing'>> {
  const seen = new Set<string>()
  const own = frame.scopeChain.findIndex((scope) => scope.type === 'local')
  const locals: Variable[] = []
  for (const scope of frame.scopeChain.slice(0, own + 1))
    if (scope.type === 'local' || scope.type === 'block' || scope.type === 'catch')
      locals.push(...(await variablesOf(post, scope.object, seen, MAX_PER_SCOPE - locals.length)))
  const outer = frame.scopeChain.slice(own + 1).filter((scope) => scope.type === 'closure' || scope.type === 'module')
  const enclosing: FrameDetails['enclosing'] = []
  for (const [index, scope] of outer.entries()) {
    const variables = await variablesOf(post, scope.object, seen, MAX_PER_SCOPE)
    // the outermost function around user code is the runner's module wrapper: its variables are the module's
    const kind = scope.type === 'module' || index === outer.length - 1 ? 'Module' : 'Closure'
    if (variables.length) enclosing.push({ kind, variables })
  }
  return { locals, enclosing }
}

async function variablesOf(post: Post, scope: RemoteObject, seen: Set<string>, room: number): Promise<Variable[]> {
  if (!scope.objectId || room <= 0) return []
  const { result } = await post<{ result: { name: string; value?: RemoteObject }[] }>('Runtime.getProperties', {
    objectId: scope.objectId,
    ownProperties: true,
  })
  const variables: Variable[] = []
  for (const property of result) {
    // an inner binding hides an outer one of the same name; `__…` names are the runner's (its module wrapper)
    if (seen.has(property.name) || property.name.startsWith('__') || variables.length >= room) continue
    seen.add(property.name)
    const preview = property.value ? shorten(await render(post, property.value, SHORT)) : '<uninitialized>'
    variables.push({ name: property.name, preview })
  }
  return variables
}
