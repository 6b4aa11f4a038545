import { cartTotal } from '../src/pricing'
import { startServer } from '../src/server'

let api: Awaited<ReturnType<typeof startServer>>

beforeAll(async () => {
  api = await startServer()
  // stands in for expensive setup (a database, a container): with the reload loop it runs once
  await new Promise((resolve) => setTimeout(resolve, 2000))
  console.log(`server up at ${api.url} (this setup runs once)`)
})
afterAll(() => api.close())

const items = [
  { name: 'tea', price: 4, quantity: 2 },
  { name: 'cake', price: 10, quantity: 1 },
]

describe('cart', () => {
  test('total without discount', () => {
    expect(cartTotal(items)).toBe(18)
  })

  test('a 10% discount through the running server', async () => {
    const response = await fetch(api.url, { method: 'POST', body: JSON.stringify({ items, discount: 0.1 }) })
    expect(await response.json()).toEqual({ total: 16.2 })
  })
})
