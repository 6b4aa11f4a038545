import { inlineSourceMap, type RawSourceMap } from '../../analysis/source-map.js'
import type { CallFrame } from './frames.js'
import type { InspectHook } from './hook.js'
import { HOOK_NAME } from './messages.js'
import { OBJECT_GROUP, type Post } from './remote.js'

// The helper's side of hook.ts: calls into the runner adapter on the stopped thread. The hook is found on the global
// object of the stopped frame's realm (a vm pool's context, not necessarily the process's main context).

const CALL_BODY = `return globalThis[Symbol.for(${JSON.stringify(HOOK_NAME)})][method](...args)`
const CALL = `function (method, args) { ${CALL_BODY} }`

export interface HookCaller {
  /** Calls the hook and returns the answer by value (JSON). */
  call<M extends keyof InspectHook>(method: M, ...args: Parameters<InspectHook[M]>): Promise<ReturnType<InspectHook[M]>>
  /** Calls the hook with arguments that are objects on the stopped thread (by object id); no answer. */
  callWith(method: keyof InspectHook, ...objectIds: (string | undefined)[]): Promise<void>
  /** Calls the hook; the answer stays on the stopped thread: its object id. */
  reference(method: keyof InspectHook, ...args: unknown[]): Promise<string | undefined>
  /** The runner's map for the file, else one inlined in the script. */
  sourceMap(scriptId: string, file: string): Promise<RawSourceMap | undefined>
}

/**
 * `frame`: a frame of the user's code, whose realm the runner's modules live in. Its global object is read off its
 * scope chain, never evaluated in the frame (docs/architecture.md, "V8: evaluating in a frame of eval'd code").
 */
export function hookCaller(post: Post, frame: CallFrame): HookCaller {
  const globalId = async () => {
    const id = frame.scopeChain.find((scope) => scope.type === 'global')?.object.objectId
    if (!id) throw new Error('the stopped frame has no global scope')
    return id
  }
  const invoke = async (method: string, args: unknown[], returnByValue: boolean) =>
    post<{ result: { value?: unknown; objectId?: string }; exceptionDetails?: { text: string } }>(
      'Runtime.callFunctionOn',
      {
        objectId: await globalId(),
        functionDeclaration: CALL,
        arguments: [{ value: method }, { value: args }],
        returnByValue,
        objectGroup: OBJECT_GROUP,
        silent: true,
      },
    ).then(({ result, exceptionDetails }) => {
      if (exceptionDetails) throw new Error(`inspect hook ${method} failed: ${exceptionDetails.text}`)
      return result
    })

  const caller: HookCaller = {
    async call(method, ...args) {
      return (await invoke(method, args, true)).value as never
    },
    async callWith(method, ...objectIds) {
      const { exceptionDetails } = await post<{ exceptionDetails?: { text: string } }>('Runtime.callFunctionOn', {
        objectId: await globalId(),
        functionDeclaration: `function (method, ...args) { ${CALL_BODY} }`,
        arguments: [{ value: method }, ...objectIds.map((id) => (id ? { objectId: id } : {}))],
        objectGroup: OBJECT_GROUP,
        silent: true,
      })
      if (exceptionDetails) throw new Error(`inspect hook ${method} failed: ${exceptionDetails.text}`)
    },
    async reference(method, ...args) {
      return (await invoke(method, args, false)).objectId
    },
    async sourceMap(scriptId, file) {
      try {
        const json = await caller.call('sourceMap', file)
        if (typeof json === 'string') {
          const map = JSON.parse(json) as RawSourceMap
          if (typeof map.mappings === 'string') return map
        }
      } catch {}
      const { scriptSource } = await post<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId })
      return inlineSourceMap(scriptSource)
    },
  }
  return caller
}
