import fc from 'fast-check'
import type { Command } from './inboxModel'

const pick = fc.nat({ max: 50 })

/** Random interleavings of server changes, stream faults, REST answers and client actions. */
export const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Command>({ kind: 'create' }) },
  { weight: 1, arbitrary: pick.map<Command>((n) => ({ kind: 'update', pick: n })) },
  { weight: 2, arbitrary: pick.map<Command>((n) => ({ kind: 'server-read', pick: n })) },
  { weight: 1, arbitrary: pick.map<Command>((n) => ({ kind: 'server-unread', pick: n })) },
  { weight: 1, arbitrary: fc.constant<Command>({ kind: 'server-read-all' }) },
  { weight: 1, arbitrary: pick.map<Command>((n) => ({ kind: 'server-delete', pick: n })) },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 4 }).map<Command>((n) => ({ kind: 'deliver', count: n })) },
  { weight: 1, arbitrary: fc.constant<Command>({ kind: 'duplicate' }) },
  { weight: 1, arbitrary: fc.constant<Command>({ kind: 'malformed' }) },
  { weight: 1, arbitrary: fc.constant<Command>({ kind: 'drop' }) },
  { weight: 2, arbitrary: fc.boolean().map<Command>((replay) => ({ kind: 'reconnect', replay })) },
  {
    weight: 3,
    arbitrary: fc.constantFrom('more', 'background', 'refresh').map<Command>((mode) => ({ kind: 'request', mode })),
  },
  { weight: 3, arbitrary: pick.map<Command>((n) => ({ kind: 'serve', pick: n })) },
  {
    weight: 3,
    arbitrary: fc.tuple(pick, fc.boolean()).map<Command>(([n, fail]) => ({ kind: 'respond', pick: n, fail })),
  },
  { weight: 2, arbitrary: pick.map<Command>((n) => ({ kind: 'client-read', pick: n })) },
  { weight: 1, arbitrary: pick.map<Command>((n) => ({ kind: 'client-unread', pick: n })) },
  { weight: 1, arbitrary: fc.constant<Command>({ kind: 'client-read-all' }) },
  { weight: 1, arbitrary: pick.map<Command>((n) => ({ kind: 'client-archive', pick: n })) },
  {
    weight: 2,
    arbitrary: fc.tuple(pick, fc.boolean()).map<Command>(([n, fail]) => ({ kind: 'process-change', pick: n, fail })),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(pick, fc.boolean()).map<Command>(([n, lost]) => ({ kind: 'answer-change', pick: n, lost })),
  },
)
