export { relativePath } from './format.js'
export { type LoopHost, type LoopHostOptions, startLoopHost } from './loop-host.js'
export { onProcessEnd } from './process-end.js'
export { type Ask, type AskOptions, createPrompt, type PromptOptions, type PromptResult } from './prompt.js'
