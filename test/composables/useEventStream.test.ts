import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, shallowRef } from 'vue'
import {
  useEventStream,
  type UseEventStreamOptions,
  type UseEventStreamReturn,
} from '../../src/composables/useEventStream'
import type { EventStreamError } from '../../src/composables/EventStreamError'
import { FakeEventSource } from '../support/FakeEventSource'

interface TestEvents {
  notification: { id: string; message: string }
  'notification.read': { id: string }
}

const scopes: ReturnType<typeof effectScope>[] = []

function mount<Events extends object = TestEvents>(
  url: Parameters<typeof useEventStream>[0] = 'https://example.test/stream',
  options: UseEventStreamOptions<Events> = {},
): UseEventStreamReturn<Events> {
  const scope = effectScope()
  scopes.push(scope)
  const stream = scope.run(() => useEventStream<Events>(url, { EventSource: FakeEventSource, ...options }))
  if (!stream) throw new Error('scope did not run')
  return stream
}

function setVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
  document.dispatchEvent(new Event('visibilitychange'))
}

beforeEach(() => {
  FakeEventSource.reset()
  vi.useFakeTimers()
})

afterEach(() => {
  for (const scope of scopes.splice(0)) scope.stop()
  vi.useRealTimers()
  setVisibility('visible')
})

describe('useEventStream: connection and payloads', () => {
  it('opens one EventSource and reports status through connecting -> open', () => {
    const stream = mount()
    expect(FakeEventSource.instances).toHaveLength(1)
    expect(FakeEventSource.latest.url).toBe('https://example.test/stream')
    expect(FakeEventSource.latest.init).toEqual({ withCredentials: false })
    expect(stream.status.value).toBe('connecting')
    FakeEventSource.latest.simulateOpen()
    expect(stream.status.value).toBe('open')
  })

  it('gives handlers the typed JSON payload of named and unnamed events', () => {
    const stream = mount('https://example.test/stream', { events: ['notification'] })
    const received: string[] = []
    stream.on('notification', (payload) => received.push(`notification:${payload.message}`))
    stream.on('message', (payload) => received.push(`message:${JSON.stringify(payload)}`))
    FakeEventSource.latest.simulateOpen()
    FakeEventSource.latest.emit('notification', { id: '1', message: 'hello' }, '1')
    FakeEventSource.latest.emit('message', { plain: true }, '2')
    expect(received).toEqual(['notification:hello', 'message:{"plain":true}'])
    expect(stream.data.value).toEqual({ plain: true })
    expect(stream.lastEventId.value).toBe('2')
  })

  it('subscribes to an event type named only in on(), even on a live connection', () => {
    const stream = mount()
    FakeEventSource.latest.simulateOpen()
    const ids: string[] = []
    stream.on('notification.read', (payload) => ids.push(payload.id))
    FakeEventSource.latest.emit('notification.read', { id: 'a' })
    expect(ids).toEqual(['a'])
  })

  it('stops calling a handler after its unsubscribe', () => {
    const stream = mount()
    const handler = vi.fn()
    const off = stream.on('notification', handler)
    FakeEventSource.latest.emit('notification', { id: '1', message: 'x' })
    off()
    FakeEventSource.latest.emit('notification', { id: '2', message: 'y' })
    expect(handler).toHaveBeenCalledTimes(1)
  })

  it('turns malformed JSON into a parse error and keeps the stream open', () => {
    const stream = mount()
    const errors: EventStreamError[] = []
    stream.onError((error) => errors.push(error))
    const handler = vi.fn()
    stream.on('notification', handler)
    const source = FakeEventSource.latest
    source.simulateOpen()
    source.emit('notification', '{"id": broken', '7')
    expect(stream.error.value?.kind).toBe('parse')
    expect(stream.error.value?.eventType).toBe('notification')
    expect(stream.error.value?.data).toBe('{"id": broken')
    expect(errors).toHaveLength(1)
    expect(stream.status.value).toBe('open')
    expect(source.readyState).toBe(FakeEventSource.OPEN)
    source.emit('notification', { id: '8', message: 'fine' }, '8')
    expect(handler).toHaveBeenCalledTimes(1)
    expect(FakeEventSource.instances).toHaveLength(1)
  })

  it('rejects payloads that fail validate, without closing the stream', () => {
    const stream = mount('https://example.test/stream', {
      validate: {
        notification: (payload) => typeof payload === 'object' && payload !== null && 'id' in payload,
      },
    })
    const handler = vi.fn()
    stream.on('notification', handler)
    FakeEventSource.latest.simulateOpen()
    FakeEventSource.latest.emit('notification', { message: 'no id' })
    expect(stream.error.value?.kind).toBe('validation')
    expect(handler).not.toHaveBeenCalled()
    FakeEventSource.latest.emit('notification', { id: '1', message: 'ok' })
    expect(handler).toHaveBeenCalledOnce()
    expect(stream.status.value).toBe('open')
  })

  it('uses a custom parser for plain-text payloads', () => {
    const stream = mount<{ message: string }>('https://example.test/stream', {
      parse: (raw, type) => `${type}:${raw.toUpperCase()}`,
    })
    FakeEventSource.latest.emit('message', 'tick')
    expect(stream.data.value).toBe('message:TICK')
  })

  it('passes withCredentials and extra init to the EventSource', () => {
    const fetchLike = vi.fn()
    mount('https://example.test/stream', { withCredentials: true, eventSourceInit: { fetch: fetchLike } })
    expect(FakeEventSource.latest.init).toEqual({ withCredentials: true, fetch: fetchLike })
  })

  it('clears the error once a connection opens', () => {
    const stream = mount()
    FakeEventSource.latest.emit('message', 'not json')
    expect(stream.error.value).not.toBeNull()
    FakeEventSource.latest.simulateOpen()
    expect(stream.error.value).toBeNull()
  })
})

describe('useEventStream: URL changes', () => {
  it('stays idle while the URL is null and opens once it is set', async () => {
    const url = shallowRef<string | null>(null)
    const stream = mount(url)
    expect(stream.status.value).toBe('idle')
    expect(FakeEventSource.instances).toHaveLength(0)
    url.value = 'https://example.test/a'
    await nextTick()
    expect(FakeEventSource.instances).toHaveLength(1)
    expect(stream.status.value).toBe('connecting')
  })

  it('closes the old connection before opening the new one: never two live', async () => {
    const url = shallowRef<string | null>('https://example.test/a')
    const stream = mount(url)
    const first = FakeEventSource.latest
    first.simulateOpen()
    url.value = 'https://example.test/b'
    await nextTick()
    expect(first.readyState).toBe(FakeEventSource.CLOSED)
    expect(FakeEventSource.live().map((source) => source.url)).toEqual(['https://example.test/b'])
    url.value = null
    await nextTick()
    expect(FakeEventSource.live()).toHaveLength(0)
    expect(stream.status.value).toBe('idle')
  })

  it('ignores events from a connection it has replaced', async () => {
    const url = shallowRef('https://example.test/a')
    const stream = mount(url)
    const first = FakeEventSource.latest
    url.value = 'https://example.test/b'
    await nextTick()
    first.emit('message', { stale: true })
    first.failAndClose()
    expect(stream.data.value).toBeUndefined()
    expect(stream.attempt.value).toBe(0)
  })

  it('accepts URL objects', () => {
    mount(new URL('https://example.test/stream?topic=1'))
    expect(FakeEventSource.latest.url).toBe('https://example.test/stream?topic=1')
  })

  it('waits for open() when immediate is false', () => {
    const stream = mount('https://example.test/stream', { immediate: false })
    expect(FakeEventSource.instances).toHaveLength(0)
    expect(stream.status.value).toBe('idle')
    stream.open()
    expect(FakeEventSource.instances).toHaveLength(1)
  })

  it('reports an invalid URL as a fatal config error', () => {
    class ThrowingEventSource extends FakeEventSource {
      constructor(url: string) {
        super(url)
        throw new SyntaxError('An invalid or illegal string was specified')
      }
    }
    const stream = mount('::bad', { EventSource: ThrowingEventSource })
    expect(stream.status.value).toBe('closed')
    expect(stream.error.value?.kind).toBe('config')
    expect(stream.error.value?.fatal).toBe(true)
  })
})

describe('useEventStream: reconnection timing', () => {
  /** Delay until the next EventSource is created, measured with fake timers (ms resolution). */
  function measureNextDelay(limit = 120_000): number {
    const before = FakeEventSource.instances.length
    for (let elapsed = 0; elapsed <= limit; elapsed++) {
      vi.advanceTimersByTime(elapsed === 0 ? 0 : 1)
      if (FakeEventSource.instances.length > before) return elapsed
    }
    throw new Error(`no reconnection within ${limit} ms`)
  }

  it('backs off exponentially with full jitter inside [0, min(max, initial * factor^(n-1))]', () => {
    const random = vi.fn(() => 0.5)
    mount('https://example.test/stream', { backoff: { initial: 100, max: 1000, factor: 2, random } })
    const delays: number[] = []
    for (let i = 0; i < 6; i++) {
      FakeEventSource.latest.failAndClose()
      delays.push(measureNextDelay())
    }
    expect(delays).toEqual([50, 100, 200, 400, 500, 500])
    expect(random).toHaveBeenCalledTimes(6)
  })

  it('keeps every delay within its ceiling for extreme random values', () => {
    const values = [0, 0.999999, 0.25]
    let call = 0
    mount('https://example.test/stream', {
      backoff: { initial: 1000, max: 8000, factor: 3, random: () => values[call++ % values.length] ?? 0 },
    })
    const delays: number[] = []
    for (let i = 0; i < 3; i++) {
      FakeEventSource.latest.failAndClose()
      delays.push(measureNextDelay())
    }
    expect(delays).toEqual([0, 2999, 2000])
  })

  it('shows reconnecting and counts attempts while it backs off', () => {
    const stream = mount('https://example.test/stream', { backoff: { initial: 100, random: () => 1 } })
    FakeEventSource.latest.failAndClose()
    expect(stream.status.value).toBe('reconnecting')
    expect(stream.attempt.value).toBe(1)
    expect(stream.error.value?.kind).toBe('connection')
    vi.advanceTimersByTime(100)
    expect(stream.status.value).toBe('reconnecting')
    FakeEventSource.latest.simulateOpen()
    expect(stream.status.value).toBe('open')
  })

  it('resets the attempt counter only after the link stayed open for stableAfter', () => {
    const stream = mount('https://example.test/stream', {
      stableAfter: 5000,
      backoff: { initial: 100, max: 100_000, random: () => 1 },
    })
    FakeEventSource.latest.failAndClose()
    vi.advanceTimersByTime(100)
    FakeEventSource.latest.failAndClose()
    vi.advanceTimersByTime(200)
    expect(stream.attempt.value).toBe(2)

    FakeEventSource.latest.simulateOpen()
    vi.advanceTimersByTime(4999)
    expect(stream.attempt.value).toBe(2)
    FakeEventSource.latest.failAndClose()
    expect(stream.attempt.value).toBe(3)
    expect(measureNextDelay()).toBe(400)

    FakeEventSource.latest.simulateOpen()
    vi.advanceTimersByTime(5000)
    expect(stream.attempt.value).toBe(0)
    FakeEventSource.latest.failAndClose()
    expect(measureNextDelay()).toBe(100)
  })

  it('stops after maxRetries failures in a row and says so once', () => {
    const exhausted = vi.fn()
    const stream = mount('https://example.test/stream', {
      backoff: { initial: 10, max: 10, maxRetries: 3, random: () => 1 },
      onRetriesExhausted: exhausted,
    })
    for (let i = 0; i < 3; i++) {
      FakeEventSource.latest.failAndClose()
      vi.advanceTimersByTime(10)
    }
    expect(FakeEventSource.instances).toHaveLength(4)
    FakeEventSource.latest.failAndClose()
    expect(stream.status.value).toBe('closed')
    expect(stream.error.value?.kind).toBe('retries-exhausted')
    expect(stream.error.value?.fatal).toBe(true)
    expect(exhausted).toHaveBeenCalledOnce()
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.instances).toHaveLength(4)
    expect(FakeEventSource.live()).toHaveLength(0)
  })

  it('fires no timer after close() during backoff', () => {
    const stream = mount('https://example.test/stream', { backoff: { initial: 1000, random: () => 1 } })
    FakeEventSource.latest.failAndClose()
    stream.close()
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.instances).toHaveLength(1)
    expect(stream.status.value).toBe('closed')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('fires no timer after close() called from inside an error handler', () => {
    const stream = mount('https://example.test/stream', { backoff: { initial: 1000, random: () => 1 } })
    stream.onError(() => stream.close())
    FakeEventSource.latest.failAndClose()
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.instances).toHaveLength(1)
    expect(stream.status.value).toBe('closed')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('keeps a single reconnect in flight when reconnect() or online interrupts a backoff', () => {
    const stream = mount('https://example.test/stream', { backoff: { initial: 1000, random: () => 1 } })
    FakeEventSource.latest.failAndClose()
    stream.reconnect()
    expect(FakeEventSource.instances).toHaveLength(2)
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.instances).toHaveLength(2)

    FakeEventSource.latest.failAndClose()
    window.dispatchEvent(new Event('online'))
    expect(FakeEventSource.instances).toHaveLength(3)
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.instances).toHaveLength(3)
    expect(FakeEventSource.live()).toHaveLength(1)
  })

  it('does not open a second connection while the native EventSource retries by itself', () => {
    const stream = mount('https://example.test/stream', { backoff: { initial: 10, random: () => 1 } })
    const source = FakeEventSource.latest
    source.simulateOpen()
    source.failAndRetry()
    expect(stream.status.value).toBe('reconnecting')
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.instances).toHaveLength(1)
    source.simulateOpen()
    expect(stream.status.value).toBe('open')
    source.failAndClose()
    vi.advanceTimersByTime(20)
    expect(FakeEventSource.instances).toHaveLength(2)
  })

  it('gives up on a natively retrying connection once maxRetries is passed', () => {
    const stream = mount('https://example.test/stream', { backoff: { maxRetries: 1 } })
    FakeEventSource.latest.failAndRetry()
    FakeEventSource.latest.failAndRetry()
    expect(stream.status.value).toBe('closed')
    expect(FakeEventSource.live()).toHaveLength(0)
  })
})

describe('useEventStream: HTTP statuses', () => {
  it.each([204, 401, 403, 404, 410])('stops for good on HTTP %i with a clear error', (code) => {
    const stream = mount('https://example.test/stream', { backoff: { initial: 10, random: () => 1 } })
    FakeEventSource.latest.failAndClose(code)
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.instances).toHaveLength(1)
    expect(stream.status.value).toBe('closed')
    expect(stream.error.value).toMatchObject({ kind: 'http', status: code, fatal: true })
  })

  it.each([429, 500, 502, 503])('backs off on HTTP %i', (code) => {
    const stream = mount('https://example.test/stream', { backoff: { initial: 10, random: () => 1 } })
    FakeEventSource.latest.failAndClose(code)
    expect(stream.status.value).toBe('reconnecting')
    expect(stream.error.value).toMatchObject({ kind: 'http', status: code, fatal: false })
    vi.advanceTimersByTime(10)
    expect(FakeEventSource.instances).toHaveLength(2)
  })
})

describe('useEventStream: resume', () => {
  it('sends the last event id as a query parameter on a new EventSource', () => {
    mount('https://example.test/stream?user=7', { events: ['notification'], backoff: { initial: 10, random: () => 1 } })
    FakeEventSource.latest.simulateOpen()
    FakeEventSource.latest.emit('notification', { id: 'n1', message: 'a' }, '41')
    FakeEventSource.latest.emit('notification', { id: 'n2', message: 'b' })
    FakeEventSource.latest.failAndClose()
    vi.advanceTimersByTime(10)
    const resumed = new URL(FakeEventSource.latest.url)
    expect(resumed.searchParams.get('user')).toBe('7')
    expect(resumed.searchParams.get('lastEventId')).toBe('41')
  })

  it('keeps relative URLs relative and honours a custom parameter name', () => {
    mount('/api/stream#top', { lastEventIdParam: 'since', initialLastEventId: 'a b' })
    expect(FakeEventSource.latest.url).toBe('/api/stream?since=a%20b')
  })

  it('sends no parameter when lastEventIdParam is false', () => {
    mount('/api/stream', { lastEventIdParam: false, initialLastEventId: '5' })
    expect(FakeEventSource.latest.url).toBe('/api/stream')
  })
})

describe('useEventStream: watchdog, visibility, lifecycle', () => {
  it('reconnects when nothing arrives within stallTimeout; heartbeats keep it alive', () => {
    const stream = mount<TestEvents & { ping: null }>('https://example.test/stream', {
      stallTimeout: 1000,
      backoff: { initial: 0, max: 0 },
    })
    const handler = vi.fn()
    stream.on('ping', handler)
    FakeEventSource.latest.simulateOpen()
    vi.advanceTimersByTime(900)
    FakeEventSource.latest.emit('ping', '')
    vi.advanceTimersByTime(900)
    expect(FakeEventSource.instances).toHaveLength(1)
    expect(handler).not.toHaveBeenCalled()
    expect(stream.error.value).toBeNull()
    vi.advanceTimersByTime(100)
    expect(stream.error.value?.kind).toBe('stalled')
    vi.advanceTimersByTime(1)
    expect(FakeEventSource.instances).toHaveLength(2)
    expect(FakeEventSource.live()).toHaveLength(1)
  })

  it('pauses while hidden and resumes from the last id when visible', () => {
    const stream = mount('https://example.test/stream', { pauseWhenHidden: true })
    FakeEventSource.latest.simulateOpen()
    FakeEventSource.latest.emit('message', { n: 1 }, '9')
    setVisibility('hidden')
    expect(stream.status.value).toBe('idle')
    expect(FakeEventSource.live()).toHaveLength(0)
    setVisibility('visible')
    expect(FakeEventSource.instances).toHaveLength(2)
    expect(FakeEventSource.latest.url).toContain('lastEventId=9')
  })

  it('reconnects at once when the page becomes visible during a backoff', () => {
    mount('https://example.test/stream', { backoff: { initial: 30_000, random: () => 1 } })
    FakeEventSource.latest.failAndClose()
    setVisibility('visible')
    expect(FakeEventSource.instances).toHaveLength(2)
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.instances).toHaveLength(2)
  })

  it('closes the connection and its timers when the scope stops', () => {
    const scope = effectScope()
    scope.run(() => useEventStream('https://example.test/stream', { EventSource: FakeEventSource, stallTimeout: 1000 }))
    FakeEventSource.latest.failAndClose()
    scope.stop()
    expect(FakeEventSource.live()).toHaveLength(0)
    expect(vi.getTimerCount()).toBe(0)
    window.dispatchEvent(new Event('online'))
    expect(FakeEventSource.instances).toHaveLength(1)
  })

  it('can be reopened with open() after close()', () => {
    const stream = mount()
    stream.close()
    expect(stream.status.value).toBe('closed')
    stream.open()
    expect(FakeEventSource.live()).toHaveLength(1)
    expect(stream.status.value).toBe('connecting')
  })

  it('reports a missing EventSource in a browser as unsupported', () => {
    const stream = mount('https://example.test/stream', { EventSource: undefined })
    expect('EventSource' in window).toBe(false)
    expect(stream.status.value).toBe('closed')
    expect(stream.error.value?.kind).toBe('unsupported')
  })

  it('rejects an impossible backoff configuration', () => {
    expect(() => mount('https://example.test/stream', { backoff: { initial: 5000, max: 1000 } })).toThrow(RangeError)
    expect(() => mount('https://example.test/stream', { backoff: { factor: 0.5 } })).toThrow(/factor/)
  })
})

describe('useEventStream: wake-ups', () => {
  it('stays paused when the browser comes online while the page is hidden', () => {
    mount('https://example.test/stream', { pauseWhenHidden: true })
    setVisibility('hidden')
    window.dispatchEvent(new Event('online'))
    expect(FakeEventSource.live()).toHaveLength(0)
    setVisibility('visible')
    expect(FakeEventSource.live()).toHaveLength(1)
  })

  it('leaves an open connection alone on online and visibility changes', () => {
    mount()
    FakeEventSource.latest.simulateOpen()
    window.dispatchEvent(new Event('online'))
    setVisibility('visible')
    expect(FakeEventSource.instances).toHaveLength(1)
  })
})
