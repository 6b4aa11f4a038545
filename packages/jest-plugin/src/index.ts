export { type ReloadLoopConfig, withReloadLoop } from './main/config.js'
