import { describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, shallowRef } from 'vue'
import { useEventStream } from '../../src/composables/useEventStream'
import type { EventStreamError } from '../../src/composables/EventStreamError'
import { FakeEventSource } from '../support/FakeEventSource'
import { mountStream, setUpFakeStreams, setVisibility } from '../support/mountStream'

interface TestEvents {
  notification: { id: string; message: string }
  'notification.read': { id: string }
}

const mount = (url?: Parameters<typeof mountStream>[0], options: Parameters<typeof mountStream<TestEvents>>[1] = {}) =>
  mountStream<TestEvents>(url, options)

/** A source whose events' `lastEventId` follow the spec, as it says by showing its own `lastEventId`. */
class SpecIdsEventSource extends FakeEventSource {
  lastEventId = ''
}

setUpFakeStreams()

describe('useEventStream: connection and payloads', () => {
  it('opens one EventSource and reports status through connecting -> open', () => {
    const stream = mount()
    expect(FakeEventSource.instances).toHaveLength(1)
    expect(FakeEventSource.latest.url).toBe('https://example.test/stream')
    expect(FakeEventSource.latest.init).toMatchObject({ withCredentials: false })
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
    expect(stream.error.value).toMatchObject({ kind: 'parse', eventType: 'notification', data: '{"id": broken' })
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
    const stream = mountStream<{ message: string }>('https://example.test/stream', {
      parse: (raw, type) => `${type}:${raw.toUpperCase()}`,
    })
    FakeEventSource.latest.emit('message', 'tick')
    expect(stream.data.value).toBe('message:TICK')
  })

  it('passes withCredentials and extra init, and wraps the given fetch so that it sees each answer', async () => {
    const answer = new Response('x')
    const fetchLike = vi.fn(async () => answer)
    mount('https://example.test/stream', { withCredentials: true, eventSourceInit: { fetch: fetchLike, mode: 'x' } })
    const init = FakeEventSource.latest.init as { withCredentials: boolean; mode: string; fetch: typeof fetch }
    expect(init).toMatchObject({ withCredentials: true, mode: 'x' })
    expect(init.fetch).not.toBe(fetchLike)
    await expect(init.fetch('https://example.test/stream', { cache: 'no-store' })).resolves.toBe(answer)
    expect(fetchLike).toHaveBeenCalledWith('https://example.test/stream', { cache: 'no-store' })
  })

  it('clears the error once a connection opens', () => {
    const stream = mount()
    FakeEventSource.latest.emit('message', 'not json')
    expect(stream.error.value).not.toBeNull()
    FakeEventSource.latest.simulateOpen()
    expect(stream.error.value).toBeNull()
  })

  it('treats comment events as heartbeats: never parsed, never in data', () => {
    const stream = mount()
    const errors = vi.fn()
    stream.onError(errors)
    FakeEventSource.latest.simulateOpen()
    FakeEventSource.latest.emit('comment', 'ping')
    expect(stream.data.value).toBeUndefined()
    expect(errors).not.toHaveBeenCalled()
  })
})

describe('useEventStream: last event id', () => {
  it('sends the last event id as a query parameter on the next connection', () => {
    mount('https://example.test/stream?user=7', { events: ['notification'], backoff: { retry: 10, random: () => 0.5 } })
    FakeEventSource.latest.simulateOpen()
    FakeEventSource.latest.emit('notification', { id: 'n1', message: 'a' }, '41')
    FakeEventSource.latest.emit('notification', { id: 'n2', message: 'b' })
    FakeEventSource.latest.failAndRetry()
    vi.advanceTimersByTime(10)
    const resumed = new URL(FakeEventSource.latest.url)
    expect(resumed.searchParams.get('user')).toBe('7')
    expect(resumed.searchParams.get('lastEventId')).toBe('41')
  })

  it('clears the id on an empty one after an id, where the source follows the spec', () => {
    const stream = mount('https://example.test/stream', { EventSource: SpecIdsEventSource, backoff: { retry: 10 } })
    const source = FakeEventSource.latest
    source.simulateOpen()
    source.emit('message', 1, '5')
    source.emit('message', 2, '5')
    expect(stream.lastEventId.value).toBe('5')
    source.emit('message', 3, '')
    expect(stream.lastEventId.value).toBeUndefined()
    source.failAndRetry()
    vi.advanceTimersByTime(20)
    expect(FakeEventSource.latest.url).toBe('https://example.test/stream')
  })

  it('keeps the resume point through id-less events at the start of a connection', () => {
    const stream = mount('https://example.test/stream', { EventSource: SpecIdsEventSource, initialLastEventId: '9' })
    expect(FakeEventSource.latest.url).toBe('https://example.test/stream?lastEventId=9')
    FakeEventSource.latest.simulateOpen()
    FakeEventSource.latest.emit('notifications.sync', { replayed: true })
    FakeEventSource.latest.emit('message', 1)
    expect(stream.lastEventId.value).toBe('9')
  })

  it('keeps the last id through events without one where the source gives every such event an empty id', () => {
    const stream = mount()
    FakeEventSource.latest.simulateOpen()
    FakeEventSource.latest.emit('message', 1, '5')
    FakeEventSource.latest.emit('message', 2, '')
    expect(stream.lastEventId.value).toBe('5')
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
    expect(stream.status.value).toBe('connecting')
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
    expect(stream.status.value).toBe('connecting')
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
    expect(stream.error.value).toMatchObject({ kind: 'config', fatal: true })
    expect(stream.error.value?.message).toContain('::bad')
  })
})

describe('useEventStream: visibility and lifecycle', () => {
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

  it('closes the connection and its timers when the scope stops', () => {
    const scope = effectScope()
    scope.run(() => useEventStream('https://example.test/stream', { EventSource: FakeEventSource, stallTimeout: 1000 }))
    FakeEventSource.latest.simulateOpen()
    FakeEventSource.latest.emit('message', 1)
    FakeEventSource.latest.failAndRetry()
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
    expect(() => mount('https://example.test/stream', { backoff: { factor: 0.5 } })).toThrow(/factor >= 1/)
    expect(() => mount('https://example.test/stream', { backoff: { retry: -1 } })).toThrow(/retry >= 0/)
  })
})
