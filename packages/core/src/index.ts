export { currentlyReloading, keep, onDispose } from './state.js'
