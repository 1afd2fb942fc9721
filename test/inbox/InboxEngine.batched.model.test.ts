import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createWorkQueue } from '../../src/utils/workQueue'
import { command } from '../support/inboxCommands'
import { InboxSimulation, type Command } from '../support/inboxModel'

/**
 * The store queues what the stream tells and applies it after the task that
 * brought it, in slices (`createWorkQueue`), publishing once per batch. These
 * properties drive the model of test/support/inboxModel.ts through that queue.
 */

/** Commands whose engine calls come from the stream, and so go through the queue. */
const STREAM_COMMANDS = new Set<Command['kind']>(['deliver', 'duplicate', 'malformed', 'reconnect'])

// Bursts make each run several times longer than one of the plain model test: a tenth of its runs.
const runs = Math.ceil(Number(process.env.MODEL_RUNS ?? 3000) / 10)
const length = Number(process.env.MODEL_LENGTH ?? 120)

/** The model's commands, plus bursts: many items created, then delivered at once (a batch over several slices). */
const commands = fc
  .array(
    fc.oneof(
      { weight: 12, arbitrary: command.map((next) => [next]) },
      {
        weight: 1,
        arbitrary: fc
          .integer({ min: 10, max: 40 })
          .map((count): Command[] => [...Array.from({ length: count }, (): Command => ({ kind: 'create' })), { kind: 'deliver', count }]),
      },
    ),
    { maxLength: length, size: 'max' },
  )
  .map((groups) => groups.flat())

/** A simulation whose stream deliveries are queued; `immediate` turns the queue off (for settling). */
function queuedSimulation(pageSize: number): { simulation: InboxSimulation; setImmediate: () => void } {
  // A budget of 0 ends a slice after every 16 pieces of work: a burst is applied over several tasks.
  const queue = createWorkQueue({ budget: 0 })
  let immediate = false
  const simulation = new InboxSimulation({ pageSize, receive: (apply) => (immediate ? apply() : queue.push(apply)) })
  return { simulation, setImmediate: () => (immediate = true) }
}

/** What a view of the store would show: the snapshot and the counts. */
function stateOf(simulation: InboxSimulation): string {
  const { engine } = simulation
  return JSON.stringify([engine.snapshot(), engine.unreadCount, engine.hasMore, engine.truncated])
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('InboxEngine fed through the store’s work queue', () => {
  it('ends every batch in the state one-by-one application reaches, whatever the slices', () => {
    fc.assert(
      fc.property(commands, fc.integer({ min: 1, max: 5 }), (sequence, pageSize) => {
        const direct = new InboxSimulation({ pageSize })
        const { simulation: batched } = queuedSimulation(pageSize)
        for (const simulation of [direct, batched]) simulation.run({ kind: 'request', mode: 'refresh' })
        for (const next of sequence) {
          // Before anything else reaches the engine, the batch so far is applied, slice by slice, as tasks run.
          if (!STREAM_COMMANDS.has(next.kind)) vi.runAllTimers()
          direct.run(next)
          batched.run(next)
          if (!STREAM_COMMANDS.has(next.kind)) expect(stateOf(batched)).toBe(stateOf(direct))
        }
        vi.runAllTimers()
        expect(stateOf(batched)).toBe(stateOf(direct))
      }),
      { numRuns: runs },
    )
  }, 600_000)

  it('still converges when batches land late, between REST answers and local actions', () => {
    // A queued event applied later is the same as an event that took longer over the network.
    const steps = fc
      .tuple(commands, fc.array(fc.nat(), { maxLength: length }))
      .map(([sequence, slices]) => {
        const mixed: (Command | 'slice')[] = [...sequence]
        for (const at of slices) mixed.splice(at % (mixed.length + 1), 0, 'slice')
        return mixed
      })
    fc.assert(
      fc.property(steps, fc.integer({ min: 1, max: 5 }), (sequence, pageSize) => {
        const { simulation, setImmediate } = queuedSimulation(pageSize)
        simulation.run({ kind: 'request', mode: 'refresh' })
        for (const next of sequence) {
          if (next === 'slice') vi.advanceTimersToNextTimer()
          else simulation.run(next)
          const broken = simulation.checkAlways()
          if (broken) throw new Error(`${broken} after ${JSON.stringify(next)}`)
        }
        vi.runAllTimers()
        setImmediate()
        simulation.settle()
        expect(simulation.divergence()).toBeUndefined()
      }),
      { numRuns: runs },
    )
  }, 600_000)
})
