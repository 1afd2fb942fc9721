import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { notificationBurst } from '../support/eventBurst'
import { SSE_HEADERS, ScriptedServer } from '../support/scriptedServer'
import { setUpStreamPage, snapshot, startStream, until } from './streamPage'

/**
 * What only a browser shows: Chromium's own EventSource hides statuses, headers
 * and comments, and keeps ids inside. Each test streams from its own path of
 * the page's server.
 */

const session = setUpStreamPage()
let paths = 0
let extraServer: ScriptedServer | undefined

afterEach(async () => {
  for (const context of session.browser.contexts()) await context.close()
  await extraServer?.stop()
  extraServer = undefined
})

/** A fresh stream path answered by `respond(req, res, n)`, `n` counting this path's requests from 0. */
function route(respond: (req: IncomingMessage, res: ServerResponse, n: number) => void): { url: string; requests: () => ReturnType<ScriptedServer['to']> } {
  const path = `/stream-${++paths}`
  let n = 0
  const previous = session.respond
  session.respond = (req, res, index) =>
    new URL(req.url ?? '/', 'http://x').pathname === path ? respond(req, res, n++) : previous(req, res, index)
  return { url: `${session.server.origin}${path}`, requests: () => session.server.to(path) }
}

const fast = { backoff: { retry: 100, initial: 100, max: 500 } }

describe('native EventSource in Chromium', () => {
  it('resumes from the id of an id-only block once an event after it shows the id', async () => {
    const { url, requests } = route((_req, res, n) =>
      n === 0 ? res.writeHead(200, SSE_HEADERS).end('id: 1\ndata: 1\n\nid: 7\n\ndata: 2\n\n') : res.writeHead(200, SSE_HEADERS).write(': open\n\n'),
    )
    const page = await startStream(session, url, fast)
    const state = await until(page, () => expect(requests()).toHaveLength(2))
    expect(state.received.map((event) => event.lastEventId)).toEqual(['1', '7'])
    expect(requests()[1]).toMatchObject({ query: '7', header: undefined })
  })

  it('cannot see an id-only block just before a drop: the next connection resumes from the last dispatched id', async () => {
    const { url, requests } = route((_req, res, n) =>
      n === 0 ? res.writeHead(200, SSE_HEADERS).end('id: 1\ndata: 1\n\nid: 7\n\n') : res.writeHead(200, SSE_HEADERS).write(': open\n\n'),
    )
    const page = await startStream(session, url, fast)
    await until(page, () => expect(requests()).toHaveLength(2))
    expect(requests()[1]).toMatchObject({ query: '1', header: undefined })
  })

  it('clears the resume point on an empty id', async () => {
    const { url, requests } = route((_req, res, n) =>
      n === 0 ? res.writeHead(200, SSE_HEADERS).end('id: 5\ndata: 1\n\nid:\ndata: 2\n\n') : res.writeHead(200, SSE_HEADERS).write(': open\n\n'),
    )
    const page = await startStream(session, url, fast)
    const state = await until(page, () => expect(requests()).toHaveLength(2))
    expect(state.lastEventId).toBeUndefined()
    expect(requests()[1]).toMatchObject({ query: undefined, header: undefined })
  })

  it('polls a server that closes after each message without ever showing an outage', async () => {
    const { url, requests } = route((_req, res, n) => res.writeHead(200, SSE_HEADERS).end(`id: ${n + 1}\ndata: ${n + 1}\n\n`))
    const page = await startStream(session, url, { backoff: { retry: 50, maxRetries: 1 } })
    const state = await until(page, (current) => expect(current.received.length).toBeGreaterThanOrEqual(4))
    expect(state.received.slice(0, 4).map((event) => event.data)).toEqual([1, 2, 3, 4])
    expect(state.statuses).not.toContain('reconnecting')
    expect(state.errors).toEqual([])
    expect(requests().slice(1, 4).map((request) => request.query)).toEqual(['1', '2', '3'])
  })

  it.each([401, 403])('tells a signed-out stream (HTTP %i) apart with one probe, and stops', async (code) => {
    const { url, requests } = route((_req, res) => res.writeHead(code, { 'Content-Type': 'text/plain' }).end('no'))
    const page = await startStream(session, url, fast)
    const state = await until(page, (current) => expect(current.status).toBe('closed'))
    expect(state.error).toMatchObject({ kind: 'unauthorized', status: code, fatal: true })
    await page.waitForTimeout(500)
    // The EventSource's request and the probe; nothing after.
    expect(requests()).toHaveLength(2)
  })

  it('learns Retry-After from the probe and waits it out', async () => {
    const { url, requests } = route((_req, res, n) =>
      n < 2 ? res.writeHead(503, { 'Retry-After': '2' }).end() : res.writeHead(200, SSE_HEADERS).end('data: 1\n\n'),
    )
    const page = await startStream(session, url, fast)
    await until(page, (current) => expect(current.error).toMatchObject({ kind: 'http', status: 503, retryAfter: 2000 }))
    await until(page, () => expect(requests().length).toBeGreaterThanOrEqual(3), 10_000)
    const [refused, , next] = requests()
    expect(next!.at - refused!.at).toBeGreaterThanOrEqual(2000)
  })

  it('says what a 200 HTML page (a captive portal) is', async () => {
    const { url } = route((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>Sign in to the Wi-Fi</h1>'))
    const page = await startStream(session, url, fast)
    const state = await until(page, (current) => expect(current.error?.kind).toBe('content-type'))
    expect(state.error?.message).toContain('"text/html", not text/event-stream (a login page or captive portal?)')
    expect(state.status).toBe('reconnecting')
  })

  it('says that a stream blocked by CORS, or out of reach, may be either', async () => {
    extraServer = await new ScriptedServer((_req, res) => res.writeHead(200, SSE_HEADERS).end('data: 1\n\n')).start()
    const page = await startStream(session, extraServer.url, fast)
    const state = await until(page, (current) => expect(current.error?.kind).toBe('connection'))
    expect(state.error?.message).toBe('Could not reach the server, or the request was blocked by CORS')
    expect(state.status).toBe('reconnecting')
  })

  it('notices, with default options, a stream that a proxy keeps open after its server died', async () => {
    let alive = true
    let pings = 0
    const { url, requests } = route((_req, res, n) => {
      res.writeHead(200, SSE_HEADERS).write(`id: ${n + 1}\ndata: {}\n\n`)
      const beat = setInterval(() => alive && res.write('event: ping\ndata: {}\n\n') && (pings += 1), 1200)
      res.on('close', () => clearInterval(beat))
    })
    const page = await startStream(session, url, { backoff: { retry: 50 } })
    // Two heartbeats teach the interval.
    await expect.poll(() => pings, { timeout: 5000, interval: 20 }).toBeGreaterThanOrEqual(2)
    alive = false
    const stalled = await until(page, (current) => expect(current.errors).toContain('stalled'), 8000)
    expect(stalled.statuses).not.toContain('reconnecting')
    alive = true
    await until(page, (current) => expect(current.status).toBe('open'))
    expect(requests()[1]?.query).toBe('1')
  }, 20_000)

  it('learns nothing from comment heartbeats, which it cannot see, so it never stalls on them', async () => {
    const { url, requests } = route((_req, res) => {
      res.writeHead(200, SSE_HEADERS).write('data: 1\n\n')
      const beat = setInterval(() => res.write(': ping\n\n'), 100)
      res.on('close', () => clearInterval(beat))
    })
    const page = await startStream(session, url)
    await page.waitForTimeout(1500)
    expect(await snapshot(page)).toMatchObject({ status: 'open', errors: [] })
    expect(requests()).toHaveLength(1)
  })
})

describe('fetch transport in Chromium', () => {
  it('sends an Authorization header and shows the HTTP status', async () => {
    const { url, requests } = route((req, res) =>
      req.headers.authorization === 'Bearer good' ? res.writeHead(200, SSE_HEADERS).end('data: 1\n\n') : res.writeHead(401).end(),
    )
    const page = await startStream(session, url, { ...fast, transport: true, headers: { Authorization: 'Bearer bad' } })
    const state = await until(page, (current) => expect(current.status).toBe('closed'))
    expect(state.error).toMatchObject({ kind: 'unauthorized', status: 401 })
    expect(requests()).toHaveLength(1)
    await page.evaluate((streamUrl) => window.streamHarness.start(streamUrl, { transport: true, headers: { Authorization: 'Bearer good' } }), url)
    await until(page, (current) => expect(current.received).toHaveLength(1))
    expect(requests().map((request) => request.authorization)).toEqual(['Bearer bad', 'Bearer good'])
  })

  it('shows Retry-After without a probe', async () => {
    const { url, requests } = route((_req, res, n) =>
      n === 0 ? res.writeHead(429, { 'Retry-After': '1' }).end() : res.writeHead(200, SSE_HEADERS).end('data: 1\n\n'),
    )
    const page = await startStream(session, url, { ...fast, transport: true })
    await until(page, (current) => expect(current.received).toHaveLength(1))
    const [limited, next] = requests()
    expect(requests()).toHaveLength(2)
    expect(next!.at - limited!.at).toBeGreaterThanOrEqual(1000)
  })

  it('keeps a stream with comment heartbeats alive under stallTimeout', async () => {
    const { url, requests } = route((_req, res) => {
      res.writeHead(200, SSE_HEADERS).write('data: 1\n\n')
      const beat = setInterval(() => res.write(': ping\n\n'), 100)
      res.on('close', () => clearInterval(beat))
    })
    const page = await startStream(session, url, { transport: true, stallTimeout: 400 })
    await page.waitForTimeout(1500)
    expect(await snapshot(page)).toMatchObject({ status: 'open', errors: [] })
    expect(requests()).toHaveLength(1)
  })

  it('parses a 10,000-event chunk in slices, yielding to the page between them (scheduler.yield)', async () => {
    const count = 10_000
    const body = notificationBurst(count)
    const { url } = route((_req, res) => res.writeHead(200, SSE_HEADERS).end(body))
    const context = await session.browser.newContext()
    const page = await context.newPage()
    await page.goto(`${session.server.origin}/`)
    await page.evaluate(() => {
      const scheduler = (window as unknown as { scheduler: { yield: () => Promise<void> } }).scheduler
      const yieldOnce = scheduler.yield.bind(scheduler)
      Object.assign(window, { yields: 0 })
      scheduler.yield = () => (((window as unknown as { yields: number }).yields += 1), yieldOnce())
    })
    await page.evaluate(
      (streamUrl) => window.streamHarness.start(streamUrl, { transport: true, events: ['notification'], stallTimeout: 0, workPerEvent: 0.01 }),
      url,
    )
    const state = await until(page, (current) => expect(current.received).toHaveLength(count), 30_000)
    expect(state.received.map((event) => event.lastEventId)).toEqual(Array.from({ length: count }, (_, i) => String(i + 1)))
    // 10,000 × 0.01 ms of handler work alone is 100 ms: with a 10 ms budget, that is at least 9 yields.
    expect(await page.evaluate(() => (window as unknown as { yields: number }).yields)).toBeGreaterThanOrEqual(9)
  }, 60_000)
})
