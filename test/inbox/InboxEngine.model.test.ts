import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { command } from '../support/inboxCommands'
import { InboxSimulation, type Command } from '../support/inboxModel'

/** Runs `commands` from an initial load, checking the invariants after each, then settles. */
function simulate(commands: readonly Command[], pageSize = 3): InboxSimulation {
  const simulation = new InboxSimulation({ pageSize })
  simulation.run({ kind: 'request', mode: 'refresh' })
  for (const next of commands) {
    simulation.run(next)
    const broken = simulation.checkAlways()
    if (broken) throw new Error(`${broken} after ${JSON.stringify(next)}`)
  }
  simulation.settle()
  return simulation
}

describe('InboxEngine against a model server over an unreliable network', () => {
  it('never holds a duplicate, and converges to the server once the faults stop', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: Number(process.env.MODEL_LENGTH ?? 120), size: 'max' }), fc.integer({ min: 1, max: 5 }), (commands, pageSize) => {
        const simulation = simulate(commands, pageSize)
        expect(simulation.divergence()).toBeUndefined()
      }),
      { numRuns: Number(process.env.MODEL_RUNS ?? 3000) },
    )
  }, 600_000)

  // Shrunk counterexamples found by the property above, kept so that each rule stays pinned down.
  const regressions: [string, Command[]][] = [
    [
      'an event lost while the first page is in flight makes that page vouch for nothing',
      [{ kind: 'serve', pick: 0 }, { kind: 'create' }, { kind: 'create' }, { kind: 'malformed' }],
    ],
    [
      'a read event newer than a page wins over it, even though it carries no updatedAt',
      [{ kind: 'create' }, { kind: 'server-read', pick: 0 }, { kind: 'serve', pick: 0 }, { kind: 'server-unread', pick: 0 }],
    ],
    [
      'a stream read-all and a later unread beat a stale page',
      [
        { kind: 'client-read-all' },
        { kind: 'create' },
        { kind: 'server-read-all' },
        { kind: 'server-unread', pick: 0 },
        { kind: 'serve', pick: 0 },
      ],
    ],
    [
      'an accepted read-all is not applied again after a later unread',
      [{ kind: 'create' }, { kind: 'deliver', count: 1 }, { kind: 'client-read-all' }, { kind: 'client-unread', pick: 0 }],
    ],
    [
      'a read-all covers held items in pages requested before it, even ones already read locally',
      [
        { kind: 'respond', pick: 0, fail: false },
        { kind: 'create' },
        { kind: 'deliver', count: 1 },
        { kind: 'client-read-all' },
        { kind: 'request', mode: 'more' },
        { kind: 'serve', pick: 3 },
      ],
    ],
    [
      'of a read mark and a read-all mark, the later one applies to a page',
      [
        { kind: 'create' },
        { kind: 'server-read', pick: 0 },
        { kind: 'client-read-all' },
        { kind: 'server-unread', pick: 0 },
        { kind: 'malformed' },
        { kind: 'request', mode: 'more' },
      ],
    ],
    [
      'a rolled-back guess does not keep a deleted item alive',
      [
        { kind: 'create' },
        { kind: 'deliver', count: 1 },
        { kind: 'server-delete', pick: 0 },
        { kind: 'malformed' },
        { kind: 'request', mode: 'more' },
        { kind: 'client-read', pick: 0 },
      ],
    ],
    [
      'a read-all is no proof that an item still exists',
      [
        { kind: 'create' },
        { kind: 'deliver', count: 1 },
        { kind: 'server-delete', pick: 0 },
        { kind: 'malformed' },
        { kind: 'request', mode: 'more' },
        { kind: 'server-read-all' },
      ],
    ],
    [
      'the answer to a read-all does not override a later unread',
      [
        { kind: 'create' },
        { kind: 'deliver', count: 1 },
        { kind: 'client-read-all' },
        { kind: 'client-unread', pick: 0 },
        { kind: 'process-change', pick: 0, fail: false },
        { kind: 'malformed' },
        { kind: 'request', mode: 'more' },
      ],
    ],
    [
      'a repeated event does not confirm a pending change',
      [
        { kind: 'create' },
        { kind: 'serve', pick: 0 },
        { kind: 'respond', pick: 0, fail: false },
        { kind: 'client-read-all' },
        { kind: 'deliver', count: 1 },
        { kind: 'answer-change', pick: 0, lost: false },
      ],
    ],
    [
      'an answer overtaken by another proves no deletion',
      [
        { kind: 'create' },
        { kind: 'serve', pick: 0 },
        { kind: 'server-delete', pick: 0 },
        { kind: 'drop' },
        { kind: 'reconnect', replay: false },
        { kind: 'request', mode: 'more' },
      ],
    ],
    [
      'a failed change restores what the server said, not the guess it replaced',
      [
        { kind: 'create' },
        { kind: 'deliver', count: 1 },
        { kind: 'client-read-all' },
        { kind: 'process-change', pick: 0, fail: true },
        { kind: 'client-unread', pick: 0 },
        { kind: 'process-change', pick: 0, fail: true },
      ],
    ],
    [
      'an archive undone keeps what the stream proved about the item',
      [
        { kind: 'serve', pick: 0 },
        { kind: 'create' },
        { kind: 'deliver', count: 1 },
        { kind: 'client-archive', pick: 0 },
        { kind: 'answer-change', pick: 0, lost: false },
      ],
    ],
    [
      'an archive undone brings back the read state the stream told meanwhile',
      [
        { kind: 'create' },
        { kind: 'deliver', count: 1 },
        { kind: 'client-archive', pick: 0 },
        { kind: 'serve', pick: 0 },
        { kind: 'process-change', pick: 0, fail: true },
        { kind: 'server-read-all' },
        { kind: 'respond', pick: 0, fail: false },
      ],
    ],
    [
      'a read guess on an archived item is rolled back with it',
      [
        { kind: 'create' },
        { kind: 'deliver', count: 1 },
        { kind: 'client-read', pick: 0 },
        { kind: 'client-archive', pick: 0 },
        { kind: 'answer-change', pick: 0, lost: false },
        { kind: 'answer-change', pick: 0, lost: false },
      ],
    ],
    [
      'an archive undone after a page covered its place is checked again',
      [
        { kind: 'create' },
        { kind: 'deliver', count: 1 },
        { kind: 'server-delete', pick: 0 },
        { kind: 'malformed' },
        { kind: 'request', mode: 'more' },
        { kind: 'client-archive', pick: 0 },
        { kind: 'serve', pick: 13 },
        { kind: 'respond', pick: 0, fail: false },
        { kind: 'respond', pick: 0, fail: false },
      ],
    ],
    [
      'a read-all covers an item whose archive is in flight',
      [
        { kind: 'create' },
        { kind: 'deliver', count: 1 },
        { kind: 'client-read', pick: 0 },
        { kind: 'client-archive', pick: 0 },
        { kind: 'process-change', pick: 0, fail: true },
        { kind: 'process-change', pick: 0, fail: true },
        { kind: 'client-read-all' },
      ],
    ],
  ]

  it.each(regressions)('%s', (_name, commands) => {
    expect(simulate(commands, 1).divergence()).toBeUndefined()
  })
})
