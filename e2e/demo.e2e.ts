import { expect, test } from 'vitest'
import { useTerminal } from './harness/session.js'

// The README's demo, as a person runs it: the bundled example project with a 2 s beforeAll, fixed while paused.

const start = useTerminal()

test('examples/demo: fix while paused, c, green, setup ran once', async () => {
  const { project, term } = start('vitest4', '../../examples/demo', 'vitest-reload', [
    'run',
    '--reload-loop',
    '--reload-dir',
    'src',
  ])
  await term.waitFor(/PAUSED.*cart > a 10% discount through the running server/)
  await term.waitFor(/c continue · s skip · q quit/)
  project.edit(
    'src/pricing.ts',
    'item.price * (item.quantity - discount)',
    'item.price * (1 - discount) * item.quantity',
  )
  await term.waitFor('patched src/pricing.ts (updated lineTotal)') // what the save changed, not every function
  term.type('c')
  await term.waitFor(/Tests\s+2 passed \(2\)/)
  expect(term.text.match(/this setup runs once/g)).toHaveLength(1)
  expect(term.text).toMatch(/✓ a 10% discount through the running server .*\(retry x1\)/)
  expect(await term.exited).toBe(0)
})

test('examples/demo-jest: the same, on Jest 30 with ts-jest', async () => {
  const { project, term } = start('jest30', '../../examples/demo-jest', 'jest-reload', [
    '--reload-loop',
    '--reload-dir',
    'src',
  ])
  await term.waitFor(/PAUSED.*cart › a 10% discount through the running server/)
  await term.waitFor(/c continue · s skip · q quit/)
  project.edit(
    'src/pricing.ts',
    'item.price * (item.quantity - discount)',
    'item.price * (1 - discount) * item.quantity',
  )
  await term.waitFor('patched src/pricing.ts (updated lineTotal)') // what the save changed, not every function
  term.type('c')
  await term.waitFor(/Tests:\s+2 passed, 2 total/)
  expect(term.text.match(/this setup runs once/g)).toHaveLength(1)
  expect(await term.exited).toBe(0)
})
