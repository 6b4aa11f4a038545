export { type LoopHost, type LoopHostOptions, startLoopHost } from './loop-host.js'
export { relativePath } from './print/format.js'
export { onProcessEnd } from './terminal/process-end.js'
export { type Ask, type AskOptions, createPrompt, type PromptOptions, type PromptResult } from './terminal/prompt.js'
