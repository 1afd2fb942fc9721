import { describe, expect, it, vi } from 'vitest'
import { FakeEventSource } from '../support/FakeEventSource'
import { diagnosed, measureNextDelay, mountStream as mount, setUpFakeStreams, setVisibility } from '../support/mountStream'

setUpFakeStreams()

/** Opens the latest source and delivers one event on it: a healthy connection. */
function deliverOne(): FakeEventSource {
  const source = FakeEventSource.latest
  source.simulateOpen()
  source.emit('message', { n: 1 })
  return source
}

describe('useEventStream: after a healthy connection', () => {
  it('does not count a clean end as a failure: resuming, not reconnecting, attempt stays 0', () => {
    const stream = mount('https://example.test/stream', { backoff: { retry: 3000, random: () => 0.5 } })
    const errors = vi.fn()
    stream.onError(errors)
    deliverOne().failAndRetry()
    expect(stream.status.value).toBe('resuming')
    expect(stream.attempt.value).toBe(0)
    expect(errors).not.toHaveBeenCalled()
    expect(FakeEventSource.live()).toHaveLength(0)
    expect(measureNextDelay()).toBe(3000)
    expect(stream.status.value).toBe('resuming')
    FakeEventSource.latest.simulateOpen()
    expect(stream.status.value).toBe('open')
  })

  it('spreads that reconnection over [0, 2 × retry), never above max', () => {
    const spreads = [0, 0.25, 0.999]
    let call = 0
    mount('https://example.test/stream', { backoff: { retry: 4000, max: 6000, random: () => spreads[call++]! } })
    const delays: number[] = []
    for (let i = 0; i < spreads.length; i++) {
      deliverOne().failAndRetry()
      delays.push(measureNextDelay())
    }
    expect(delays).toEqual([0, 2000, 6000])
  })

  it('reconnects forever to a server that closes after each message, whatever maxRetries says', () => {
    const exhausted = vi.fn()
    const stream = mount('https://example.test/stream', {
      backoff: { retry: 100, maxRetries: 1, random: () => 0.5 },
      onRetriesExhausted: exhausted,
    })
    for (let i = 0; i < 5; i++) {
      deliverOne().failAndClose()
      vi.advanceTimersByTime(100)
    }
    expect(FakeEventSource.instances).toHaveLength(6)
    expect(stream.status.value).toBe('resuming')
    expect(exhausted).not.toHaveBeenCalled()
  })

  it('counts a connection that stayed open for stableAfter as healthy, even without events', () => {
    const stream = mount('https://example.test/stream', { stableAfter: 5000, backoff: { random: () => 0.5 } })
    FakeEventSource.latest.simulateOpen()
    vi.advanceTimersByTime(5000)
    FakeEventSource.latest.failAndRetry()
    expect(stream.status.value).toBe('resuming')
    expect(stream.attempt.value).toBe(0)
  })

  it('resets the attempt counter as soon as a connection delivers an event', async () => {
    const stream = mount('https://example.test/stream', { backoff: { initial: 100, random: () => 0.5 } })
    FakeEventSource.latest.failAndClose(503)
    await diagnosed()
    vi.advanceTimersByTime(100)
    FakeEventSource.latest.failAndClose(503)
    await diagnosed()
    expect(stream.attempt.value).toBe(2)
    vi.advanceTimersByTime(200)
    FakeEventSource.latest.simulateOpen()
    expect(stream.attempt.value).toBe(2)
    FakeEventSource.latest.emit('message', 1)
    expect(stream.attempt.value).toBe(0)
  })

  it('closes the EventSource on any error and opens the next itself: one live connection at most', () => {
    mount('https://example.test/stream', { backoff: { retry: 100, random: () => 0.5 } })
    const first = deliverOne()
    first.failAndRetry()
    expect(first.readyState).toBe(FakeEventSource.CLOSED)
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.instances).toHaveLength(2)
    expect(FakeEventSource.live()).toHaveLength(1)
  })
})

describe('useEventStream: failed attempts', () => {
  it('counts an attempt that opened and delivered nothing as failed (a server that accepts and drops)', async () => {
    const stream = mount('https://example.test/stream', { backoff: { initial: 100, random: () => 0.5 } })
    FakeEventSource.latest.simulateOpen()
    FakeEventSource.latest.failAndRetry()
    expect(stream.status.value).toBe('reconnecting')
    await diagnosed()
    expect(stream.attempt.value).toBe(1)
    expect(stream.error.value).toMatchObject({ kind: 'connection', message: 'Connection lost' })
  })

  it('backs off between half and one and a half times initial × factor^(n−1), never above max', async () => {
    const spreads = [0.5, 0.5, 0, 0.999, 0, 0.5]
    let call = 0
    mount('https://example.test/stream', { backoff: { initial: 100, max: 1000, factor: 2, random: () => spreads[call++]! } })
    const delays: number[] = []
    for (let i = 0; i < spreads.length; i++) {
      FakeEventSource.latest.failAndClose()
      await diagnosed()
      delays.push(measureNextDelay())
    }
    expect(delays).toEqual([100, 200, 200, 1000, 500, 1000])
  })

  it('stops after maxRetries failures in a row and says so once', async () => {
    const exhausted = vi.fn()
    const stream = mount('https://example.test/stream', {
      backoff: { initial: 10, max: 10, maxRetries: 3, random: () => 0.5 },
      onRetriesExhausted: exhausted,
    })
    for (let i = 0; i < 3; i++) {
      FakeEventSource.latest.failAndClose()
      await diagnosed()
      vi.advanceTimersByTime(10)
    }
    expect(FakeEventSource.instances).toHaveLength(4)
    FakeEventSource.latest.failAndClose()
    await diagnosed()
    expect(stream.status.value).toBe('closed')
    expect(stream.error.value).toMatchObject({ kind: 'retries-exhausted', fatal: true })
    expect(exhausted).toHaveBeenCalledOnce()
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.instances).toHaveLength(4)
    expect(FakeEventSource.live()).toHaveLength(0)
  })

  it('fires no timer after close() during backoff, or from inside an error handler', async () => {
    const stream = mount('https://example.test/stream', { backoff: { initial: 1000 } })
    FakeEventSource.latest.failAndClose()
    await diagnosed()
    stream.close()
    expect(vi.getTimerCount()).toBe(0)

    stream.open()
    stream.onError(() => stream.close())
    FakeEventSource.latest.failAndClose()
    await diagnosed()
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.instances).toHaveLength(2)
    expect(stream.status.value).toBe('closed')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('keeps a single reconnect in flight when reconnect() or online interrupts a backoff', async () => {
    const stream = mount('https://example.test/stream', { backoff: { initial: 1000 } })
    FakeEventSource.latest.failAndClose()
    await diagnosed()
    stream.reconnect()
    expect(FakeEventSource.instances).toHaveLength(2)
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.instances).toHaveLength(2)

    FakeEventSource.latest.failAndClose()
    await diagnosed()
    window.dispatchEvent(new Event('online'))
    expect(FakeEventSource.instances).toHaveLength(3)
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.instances).toHaveLength(3)
    expect(FakeEventSource.live()).toHaveLength(1)
  })

  it('reconnects at once when the page becomes visible during a wait', () => {
    mount('https://example.test/stream', { backoff: { retry: 30_000 } })
    deliverOne().failAndRetry()
    setVisibility('visible')
    expect(FakeEventSource.instances).toHaveLength(2)
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.instances).toHaveLength(2)
  })
})

describe('useEventStream: HTTP statuses', () => {
  it.each([
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [204, 'http'],
    [404, 'http'],
    [410, 'http'],
  ])('stops for good on HTTP %i with kind %s', async (code, kind) => {
    const stream = mount('https://example.test/stream')
    FakeEventSource.latest.failAndClose(code)
    await diagnosed()
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.instances).toHaveLength(1)
    expect(stream.status.value).toBe('closed')
    expect(stream.error.value).toMatchObject({ kind, status: code, fatal: true })
  })

  it.each([429, 500, 502, 503])('backs off on HTTP %i', async (code) => {
    const stream = mount('https://example.test/stream', { backoff: { initial: 10, random: () => 0.5 } })
    FakeEventSource.latest.failAndClose(code)
    await diagnosed()
    expect(stream.status.value).toBe('reconnecting')
    expect(stream.error.value).toMatchObject({ kind: 'http', status: code, fatal: false })
    vi.advanceTimersByTime(10)
    expect(FakeEventSource.instances).toHaveLength(2)
  })

  it('waits what Retry-After asks, then the usual delay, when the EventSource fetches through the given fetch', async () => {
    const answer = () => new Response(null, { status: 503, headers: { 'Retry-After': '5' } })
    const stream = mount('https://example.test/stream', {
      backoff: { initial: 100, random: () => 0.5 },
      eventSourceInit: { fetch: async () => answer() },
    })
    await FakeEventSource.latest.failWithAnswer()
    await diagnosed()
    expect(stream.error.value).toMatchObject({ kind: 'http', status: 503, retryAfter: 5000 })
    expect(measureNextDelay()).toBe(5100)
  })

  it('says what a 200 answer that is not an event stream is', async () => {
    const stream = mount('https://example.test/stream', {
      eventSourceInit: { fetch: async () => new Response('<html>', { headers: { 'Content-Type': 'text/html' } }) },
    })
    await FakeEventSource.latest.failWithAnswer()
    await diagnosed()
    expect(stream.status.value).toBe('reconnecting')
    expect(stream.error.value).toMatchObject({ kind: 'content-type', status: 200, fatal: false })
    expect(stream.error.value?.message).toBe(
      'Stream answered HTTP 200 with Content-Type "text/html", not text/event-stream (a login page or captive portal?)',
    )
  })
})

describe('useEventStream: stall watchdog', () => {
  it('learns the heartbeat interval and reconnects after three missed heartbeats', async () => {
    const stream = mount('https://example.test/stream', { backoff: { retry: 0, random: () => 0.5 } })
    const source = FakeEventSource.latest
    source.simulateOpen()
    source.emit('ping', '{}')
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.instances).toHaveLength(1)
    source.emit('ping', '{}')
    vi.advanceTimersByTime(2000)
    source.emit('comment', 'ping')
    vi.advanceTimersByTime(3 * 60_000 - 1)
    expect(stream.status.value).toBe('open')
    vi.advanceTimersByTime(1)
    expect(stream.error.value).toMatchObject({ kind: 'stalled', message: 'No event for 180000 ms' })
    expect(stream.status.value).toBe('resuming')
    vi.advanceTimersByTime(1)
    expect(FakeEventSource.instances).toHaveLength(2)
    expect(FakeEventSource.live()).toHaveLength(1)
  })

  it('keeps the learned interval for the next connection, and any event keeps the link alive', () => {
    mount('https://example.test/stream', { backoff: { retry: 0, random: () => 0.5 } })
    const first = FakeEventSource.latest
    first.simulateOpen()
    first.emit('ping', '{}')
    vi.advanceTimersByTime(1000)
    first.emit('ping', '{}')
    first.failAndRetry()
    vi.advanceTimersByTime(0)
    const second = FakeEventSource.latest
    second.simulateOpen()
    vi.advanceTimersByTime(2999)
    second.emit('message', 1)
    vi.advanceTimersByTime(2999)
    expect(FakeEventSource.instances).toHaveLength(2)
    vi.advanceTimersByTime(1)
    expect(second.readyState).toBe(FakeEventSource.CLOSED)
  })

  it('learns nothing from heartbeats sent back to back', () => {
    mount('https://example.test/stream')
    const source = FakeEventSource.latest
    source.simulateOpen()
    source.emit('comment', 'hello')
    source.emit('ping', '{}')
    vi.advanceTimersByTime(999)
    source.emit('ping', '{}')
    vi.advanceTimersByTime(10 * 60_000)
    expect(source.readyState).toBe(FakeEventSource.OPEN)
  })

  it('with a fixed stallTimeout, reconnects when nothing at all arrives in time', () => {
    const stream = mount('https://example.test/stream', { stallTimeout: 1000, backoff: { retry: 0 } })
    const source = FakeEventSource.latest
    source.simulateOpen()
    vi.advanceTimersByTime(900)
    source.emit('ping', '')
    vi.advanceTimersByTime(999)
    expect(stream.error.value).toBeNull()
    vi.advanceTimersByTime(1)
    expect(stream.error.value?.kind).toBe('stalled')
    expect(stream.status.value).toBe('resuming')
  })

  it('with stallTimeout 0, never', () => {
    mount('https://example.test/stream', { stallTimeout: 0 })
    const source = FakeEventSource.latest
    source.simulateOpen()
    source.emit('ping', '{}')
    vi.advanceTimersByTime(5000)
    source.emit('ping', '{}')
    vi.advanceTimersByTime(60 * 60_000)
    expect(source.readyState).toBe(FakeEventSource.OPEN)
  })
})
