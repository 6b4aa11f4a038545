import type { EvalResult } from '../../shared/protocol.js'
import { VERSION_MARK } from '../../shared/protocol.js'
import { isAwaitSyntaxError, withTopLevelAwait } from '../top-level-await.js'
import type { CallFrame } from './frames.js'
import type { HookCaller } from './hook-call.js'
import { FULL, OBJECT_GROUP, type Post, type RemoteObject, render } from './remote.js'

// A line typed at an inspect stop, evaluated in the selected frame: its locals and closures, the project's exports
// and `$error`, as at the pause. The hook makes the exports globals of the frame's realm; but V8 does not let a frame
// fall through to a global for a name its module declares and no closure captured (it is gone, yet still shadows
// the global: `typeof name` is 'undefined', a call a ReferenceError). Such names are passed in explicitly.

export const AWAIT_WHILE_STOPPED =
  'await cannot run here: the test is stopped at its throw, so its event loop is stopped and no promise can settle. ' +
  'Evaluate without await (a promise shows as pending, or with its value); await works at the pause prompt.'

const SCOPE_TYPES = new Set(['local', 'block', 'catch', 'closure', 'module'])
const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u
const parameterNames = new Map<string, boolean>()

/** Whether `name` can be a parameter in strict code, in any frame (an async generator's too): no reserved word. */
function parameterName(name: string): boolean {
  let known = parameterNames.get(name)
  if (known === undefined) {
    known = IDENTIFIER.test(name) && compiles(`"use strict"; async function* f() { (${name}) => 0 }`)
    parameterNames.set(name, known)
  }
  return known
}

function compiles(code: string): boolean {
  try {
    new Function(code)
    return true
  } catch {
    return false
  }
}

export async function evaluateOnFrame(
  post: Post,
  hook: HookCaller,
  frame: CallFrame,
  expression: string,
  thrown?: RemoteObject,
): Promise<EvalResult> {
  // V8 would answer a SyntaxError that does not say why
  if (withTopLevelAwait(expression) !== undefined) return { ok: false, text: AWAIT_WHILE_STOPPED }
  await hook.callWith('enterScope', thrown?.objectId).catch(() => {})
  let answer: Answer
  try {
    const names = await hook.call('scopeNames').catch(() => [] as string[])
    const visible = await namesInFrame(post, frame)
    const line = passingIn(
      expression,
      names.filter((name) => !visible.has(name)),
    )
    answer = (await isVersionFrame(post, frame))
      ? await evaluateThroughScopes(post, frame, line)
      : await post('Debugger.evaluateOnCallFrame', {
          callFrameId: frame.callFrameId,
          expression: line,
          objectGroup: OBJECT_GROUP,
          silent: true,
        })
  } finally {
    await hook.call('leaveScope').catch(() => {})
  }
  const { result, exceptionDetails } = answer
  if (exceptionDetails) {
    const thrown = exceptionDetails.exception?.description ?? exceptionDetails.text
    if (isAwaitSyntaxError(thrown)) return { ok: false, text: AWAIT_WHILE_STOPPED }
    return { ok: false, text: thrown.split('\n')[0] ?? thrown }
  }
  return { ok: true, text: await render(post, result, FULL) }
}

type Answer = { result: RemoteObject; exceptionDetails?: { text: string; exception?: RemoteObject } }

const versionScripts = new Map<string, Promise<boolean>>()

/** Whether the frame runs a new version the engine compiled (its script ends with the engine's mark). */
function isVersionFrame(post: Post, frame: CallFrame): Promise<boolean> {
  const { scriptId } = frame.location
  let known = versionScripts.get(scriptId)
  if (!known) {
    known = post<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId }).then(
      ({ scriptSource }) => scriptSource.slice(-2_000).includes(VERSION_MARK),
      () => false,
    )
    versionScripts.set(scriptId, known)
  }
  return known
}

/**
 * V8 aborts the process when asked to evaluate in a frame of a function that strict `eval` made and that reads
 * `arguments` — every new version does (docs/architecture.md, "V8: evaluating in a frame of eval'd code"). There the
 * line runs in a function of the frame's realm instead, with the frame's scopes in front of its globals and the
 * frame's `this`: the frame's variables are read as they are now (an assignment to one does not reach the frame).
 */
async function evaluateThroughScopes(post: Post, frame: CallFrame, line: string): Promise<Answer> {
  const scopes = frame.scopeChain.filter((scope) => SCOPE_TYPES.has(scope.type) && scope.object.objectId)
  const self = frame.this?.objectId ?? frame.scopeChain.find((scope) => scope.type === 'global')?.object.objectId
  return post('Runtime.callFunctionOn', {
    objectId: self,
    functionDeclaration: `function (line, ...scopes) {
      const view = new Proxy(Object.create(null), {
        has: (_, key) => typeof key === 'string' && scopes.some((scope) => key in scope),
        get: (_, key) => { for (const scope of scopes) if (key in scope) return scope[key] },
      })
      with (view) return eval(line)
    }`,
    arguments: [{ value: line }, ...scopes.map((scope) => ({ objectId: scope.object.objectId }))],
    objectGroup: OBJECT_GROUP,
    silent: true,
  })
}

/**
 * The line, run by a direct eval inside an arrow whose parameters are `names` (read from the realm's globals). A name
 * that cannot be a parameter (`default`, `null`, `enum`: exports have such names) is left out: it could not be
 * typed as a name anyway.
 */
export function passingIn(expression: string, all: string[]): string {
  const names = all.filter(parameterName)
  if (names.length === 0) return expression
  const values = names.map((name) => `globalThis[${JSON.stringify(name)}]`)
  return `((${names.join(', ')}) => eval(${JSON.stringify(expression)}))(${values.join(', ')})`
}

/** Every name the frame sees in its own and enclosing scopes (the global object's aside). */
async function namesInFrame(post: Post, frame: CallFrame): Promise<Set<string>> {
  const names = new Set<string>()
  for (const scope of frame.scopeChain) {
    if (!SCOPE_TYPES.has(scope.type) || !scope.object.objectId) continue
    const { result } = await post<{ result: { name: string }[] }>('Runtime.getProperties', {
      objectId: scope.object.objectId,
      ownProperties: true,
    })
    for (const { name } of result) names.add(name)
  }
  return names
}
