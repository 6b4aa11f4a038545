export { type ReloadLoopOptions, reloadLoop } from './main/plugin.js'
