import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EventSourceLike } from '../../src/composables/eventStreamTypes'
import { slicedEventSource } from '../../src/utils/slicedEventSource'
import { FakeEventSource } from '../support/FakeEventSource'

const Sliced = slicedEventSource(FakeEventSource)

beforeEach(() => {
  FakeEventSource.reset()
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

/** A sliced source on a fake one, with what its listeners saw. */
function open(): { source: EventSourceLike; fake: FakeEventSource; seen: string[] } {
  const source = new Sliced('https://example.test/stream')
  const seen: string[] = []
  for (const type of ['open', 'notification', 'other', 'error']) {
    source.addEventListener(type, (event) => seen.push(`${type}:${(event as MessageEvent).data ?? ''}`))
  }
  return { source, fake: FakeEventSource.latest, seen }
}

describe('slicedEventSource', () => {
  it('is still an instance of the class it wraps', () => {
    expect(new Sliced('https://example.test/stream')).toBeInstanceOf(FakeEventSource)
  })

  it('hands the events of a task to the listeners after it, in order across types', () => {
    const { fake, seen } = open()
    fake.simulateOpen()
    fake.emit('notification', 'a', '1')
    fake.emit('other', 'b', '2')
    fake.emit('notification', 'c', '3')
    fake.failAndRetry()
    expect(seen).toEqual([])
    vi.runAllTimers()
    expect(seen).toEqual(['open:', 'notification:a', 'other:b', 'notification:c', 'error:'])
  })

  it('spreads a burst over several tasks', () => {
    let now = 0
    vi.spyOn(performance, 'now').mockImplementation(() => now)
    const source = new Sliced('https://example.test/stream')
    const seen: string[] = []
    source.addEventListener('notification', (event) => {
      // Each listener call takes 1 ms: a slice of 8 ms ends after 16 (the clock is read every 16).
      now += 1
      seen.push((event as MessageEvent).lastEventId)
    })
    for (let n = 1; n <= 100; n++) FakeEventSource.latest.emit('notification', n, String(n))
    vi.advanceTimersToNextTimer()
    expect(seen).toHaveLength(16)
    vi.runAllTimers()
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => String(i + 1)))
  })

  it('drops what is queued when closed, and stops calling a removed listener', () => {
    const { source, fake, seen } = open()
    fake.emit('notification', 'lost', '1')
    source.close()
    vi.runAllTimers()
    expect(seen).toEqual([])
    expect(fake.readyState).toBe(FakeEventSource.CLOSED)

    const again = new Sliced('https://example.test/stream')
    const calls: string[] = []
    const listener = (event: Event) => calls.push((event as MessageEvent).lastEventId)
    again.addEventListener('notification', listener)
    FakeEventSource.latest.emit('notification', 'x', '1')
    vi.runAllTimers()
    again.removeEventListener('notification', listener)
    FakeEventSource.latest.emit('notification', 'y', '2')
    vi.runAllTimers()
    expect(calls).toEqual(['1'])
  })

  it('calls the other listeners when one throws, and rethrows its error on its own', () => {
    const errors: unknown[] = []
    vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((callback) => {
      try {
        callback()
      } catch (error) {
        errors.push(error)
      }
    })
    const source = new Sliced('https://example.test/stream')
    const seen: number[] = []
    source.addEventListener('notification', () => {
      throw new Error('listener failed')
    })
    source.addEventListener('notification', () => seen.push(1))
    FakeEventSource.latest.emit('notification', 'a', '1')
    vi.runAllTimers()
    expect(seen).toEqual([1])
    expect(errors).toEqual([new Error('listener failed')])
  })
})
