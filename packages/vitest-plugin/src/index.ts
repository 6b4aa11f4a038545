export { type ReloadLoopOptions, reloadLoop } from './main/config.js'
