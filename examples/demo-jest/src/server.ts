import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { cartTotal, type Item } from './pricing'

/** A small HTTP API over the pricing module, started once for the whole test file. */
export async function startServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => {
      body += chunk
    })
    request.on('end', () => {
      const { items, discount } = JSON.parse(body) as { items: Item[]; discount: number }
      response.end(JSON.stringify({ total: cartTotal(items, discount) }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
