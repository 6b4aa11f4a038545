export { type ChannelServer, type ChannelServerOptions, startChannelServer } from './channel-server.js'
export {
  type Colors,
  type FormatContext,
  formatEvalResult,
  formatFileReport,
  formatHelp,
  formatPatchReport,
  formatPauseHeader,
  relativePath,
} from './format.js'
export { createLocalChannel, type LocalChannel } from './local-channel.js'
export { type LoopHost, type LoopHostOptions, startLoopHost } from './loop-host.js'
export type { Serve, WorkerPeer } from './peer.js'
export { type Ask, type AskOptions, createPrompt, type PromptOptions, type PromptResult } from './prompt.js'
export { createSession, type Session, type SessionOptions } from './session.js'
export { borrowStdin, type TerminalInput } from './stdin.js'
export { type ChangeBatch, createWatcher, isSourceFile, type Watcher, type WatcherOptions } from './watcher.js'
