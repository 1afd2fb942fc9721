// @vitest-environment node
import { EventSource } from 'eventsource'
import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, watch } from 'vue'
import { useEventStream, type EventStreamStatus, type UseEventStreamOptions } from '../../src/composables/useEventStream'
import { FetchEventSource } from '../../src/transport/FetchEventSource'
import { SSE_HEADERS, ScriptedServer, type Responder } from '../support/scriptedServer'

/**
 * The behaviours of a stream against real servers on 127.0.0.1, in Node with
 * the `eventsource` package (which shows HTTP statuses) and with the fetch
 * transport (which also shows ids, comments and headers as the spec has them).
 */

let server: ScriptedServer | undefined
let scope: ReturnType<typeof effectScope> | undefined

afterEach(async () => {
  scope?.stop()
  await server?.stop()
  server = scope = undefined
})

async function serve(respond: Responder): Promise<ScriptedServer> {
  server = await new ScriptedServer(respond).start()
  return server
}

function connect(url: string, options: UseEventStreamOptions<Record<string, unknown>> = {}) {
  scope = effectScope()
  const statuses: EventStreamStatus[] = []
  const stream = scope.run(() => {
    const created = useEventStream(url, { EventSource, backoff: { initial: 20, max: 200 }, ...options })
    watch(created.status, (status) => statuses.push(status), { immediate: true, flush: 'sync' })
    return created
  })!
  return { stream, statuses }
}

const stream = (res: ServerResponse, body = '') => res.writeHead(200, SSE_HEADERS).end(body)

describe('a server that closes the stream after each message (a polling backend)', () => {
  it('is healthy: resuming between connections, never reconnecting, attempt 0, maxRetries not used up', async () => {
    let n = 0
    const backend = await serve((_req, res) => stream(res, `id: ${++n}\ndata: {"n":${n}}\n\n`))
    const { stream: live, statuses } = connect(backend.url, { backoff: { retry: 50, maxRetries: 1 } })
    const received: unknown[] = []
    live.on('message', (payload) => received.push(payload))
    await vi.waitFor(() => expect(received.length).toBeGreaterThanOrEqual(5), { timeout: 5000 })
    expect(received.slice(0, 5)).toEqual([1, 2, 3, 4, 5].map((value) => ({ n: value })))
    expect(statuses).not.toContain('reconnecting')
    expect(statuses).toContain('resuming')
    expect(live.attempt.value).toBe(0)
    expect(live.error.value).toBeNull()
    expect(backend.to().slice(1, 5).map((request) => request.query)).toEqual(['1', '2', '3', '4'])
  })
})

describe('signed out and other refusals', () => {
  it.each([401, 403])('stops on HTTP %i with kind unauthorized, fatal, after one request', async (code) => {
    const backend = await serve((_req, res) => res.writeHead(code).end())
    const { stream: live } = connect(backend.url)
    await vi.waitFor(() => expect(live.status.value).toBe('closed'))
    expect(live.error.value).toMatchObject({ kind: 'unauthorized', status: code, fatal: true })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(backend.to()).toHaveLength(1)
  })

  it('sends an Authorization header through the fetch transport, and reads a new token for each connection', async () => {
    const backend = await serve((req, res, index) =>
      req.headers.authorization === `Bearer token-${index}` ? stream(res, 'data: 1\n\n') : res.writeHead(401).end(),
    )
    let tokens = 0
    const { stream: live } = connect(backend.url, {
      EventSource: FetchEventSource,
      eventSourceInit: { headers: () => ({ Authorization: `Bearer token-${tokens++}` }) },
      backoff: { retry: 20 },
    })
    await vi.waitFor(() => expect(backend.to().length).toBeGreaterThanOrEqual(3))
    expect(backend.to().slice(0, 3).map((request) => request.authorization)).toEqual([
      'Bearer token-0',
      'Bearer token-1',
      'Bearer token-2',
    ])
    expect(live.error.value).toBeNull()
  })

  it.each([
    ['the eventsource package', EventSource],
    ['the fetch transport', FetchEventSource],
  ])('waits what Retry-After asks on 503 with %s', async (_name, EventSourceImpl) => {
    const backend = await serve((_req, res, index) =>
      index === 0 ? res.writeHead(503, { 'Retry-After': '2' }).end() : stream(res, 'data: 1\n\n'),
    )
    const { stream: live } = connect(backend.url, { EventSource: EventSourceImpl })
    await vi.waitFor(() => expect(live.error.value).toMatchObject({ kind: 'http', status: 503, retryAfter: 2000 }))
    await vi.waitFor(() => expect(backend.to()).toHaveLength(2), { timeout: 5000 })
    const [refused, next] = backend.to()
    expect(next!.at - refused!.at).toBeGreaterThanOrEqual(2000)
  })

  it.each([
    ['the eventsource package', EventSource],
    ['the fetch transport', FetchEventSource],
  ])('says what a 200 HTML page (a captive portal) is, with %s, and keeps trying', async (_name, EventSourceImpl) => {
    const backend = await serve((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>Log in</h1>'))
    const { stream: live } = connect(backend.url, { EventSource: EventSourceImpl })
    await vi.waitFor(() => expect(live.error.value?.kind).toBe('content-type'))
    expect(live.error.value?.message).toBe(
      'Stream answered HTTP 200 with Content-Type "text/html", not text/event-stream (a login page or captive portal?)',
    )
    await vi.waitFor(() => expect(backend.to().length).toBeGreaterThanOrEqual(2))
    expect(live.status.value).toBe('reconnecting')
  })

  it('backs off with growing delays from a redirect loop', async () => {
    const backend = await serve((_req, res) => res.writeHead(302, { Location: '/stream' }).end())
    const { stream: live } = connect(backend.url, { backoff: { initial: 100, max: 10_000, random: () => 0.5 } })
    await new Promise((resolve) => setTimeout(resolve, 1800))
    live.close()
    // fetch follows 20 redirects per attempt: requests 21k to 21k + 20 are attempt k.
    const requests = backend.to()
    const attempts = Math.floor(requests.length / 21)
    expect(attempts).toBeGreaterThanOrEqual(3)
    expect(attempts).toBeLessThanOrEqual(5)
    // The pause between the last request of an attempt and the first of the next is the backoff: 100, 200, 400 ms.
    for (let k = 0; k + 1 < attempts; k++) {
      const pause = requests[21 * (k + 1)]!.at - requests[21 * k + 20]!.at
      expect(pause).toBeGreaterThanOrEqual(100 * 2 ** k - 10)
    }
    expect(live.error.value?.kind).toBe('connection')
  })
})

describe('ids', () => {
  it('clears the resume point on an empty id (fetch transport, as the spec has it)', async () => {
    const backend = await serve((_req, res, index) =>
      index === 0 ? stream(res, 'id: 5\ndata: 1\n\nid:\ndata: 2\n\n') : res.writeHead(200, SSE_HEADERS).write(': open\n\n'),
    )
    const { stream: live } = connect(backend.url, { EventSource: FetchEventSource, backoff: { retry: 20 } })
    await vi.waitFor(() => expect(backend.to()).toHaveLength(2))
    expect(backend.to()[1]).toMatchObject({ query: undefined, header: undefined })
    expect(live.lastEventId.value).toBeUndefined()
  })
})

describe('heartbeats', () => {
  it('keeps a stream with comment heartbeats alive under stallTimeout (fetch transport)', async () => {
    const backend = await serve((_req, res) => {
      res.writeHead(200, SSE_HEADERS).write('data: 1\n\n')
      const beat = setInterval(() => res.write(': ping\n\n'), 50)
      res.on('close', () => clearInterval(beat))
    })
    const { stream: live } = connect(backend.url, { EventSource: FetchEventSource, stallTimeout: 200 })
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(live.status.value).toBe('open')
    expect(live.error.value).toBeNull()
    expect(backend.to()).toHaveLength(1)
  })

  it('notices, with default options, a stream a proxy keeps open after its server died', async () => {
    let upstreamAlive = true
    let pings = 0
    const backend = await serve((_req, res, index) => {
      res.writeHead(200, SSE_HEADERS).write(`id: ${index + 1}\ndata: {}\n\n`)
      // The proxy in front keeps this connection open; when the server behind it dies, it just goes silent.
      const beat = setInterval(() => upstreamAlive && res.write('event: ping\ndata: {}\n\n') && (pings += 1), 1200)
      res.on('close', () => clearInterval(beat))
    })
    const { stream: live, statuses } = connect(backend.url, { backoff: { retry: 20 } })
    const errors: string[] = []
    live.onError((error) => errors.push(error.message))
    // Two heartbeats teach the interval.
    await vi.waitFor(() => expect(pings).toBeGreaterThanOrEqual(2), { timeout: 5000, interval: 20 })
    upstreamAlive = false
    // The error is cleared as soon as the next connection opens: read it from onError.
    await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 8000, interval: 50 })
    expect(errors[0]).toMatch(/^No event for \d{4} ms$/)
    upstreamAlive = true
    await vi.waitFor(() => expect(backend.to()).toHaveLength(2))
    await vi.waitFor(() => expect(live.status.value).toBe('open'))
    expect(backend.to()[1]!.query).toBe('1')
    expect(statuses).not.toContain('reconnecting')
  }, 20_000)
})
