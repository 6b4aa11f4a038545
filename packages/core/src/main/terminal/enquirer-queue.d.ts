// enquirer's internal key queue (see prompt.ts, keysWithoutTimers): typed by its shape there
declare module 'enquirer/lib/queue.js' {
  const Queue: unknown
  export default Queue
}
