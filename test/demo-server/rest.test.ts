// @vitest-environment node
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { DemoServerValidationError, createDemoServer } from '../../demo/server/contract-server.mjs'
import type { DemoNotification, NotificationPage } from '../../demo/server/contract-server.mjs'
import { getJson, postJson, start } from './helpers'
import type { Started } from './helpers'

let server: Started | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

async function boot(options: Parameters<typeof start>[0] = {}): Promise<Started> {
  server = await start(options)
  return server
}

async function allPages(url: string, limit: number): Promise<{ pages: NotificationPage[]; ids: string[] }> {
  const pages: NotificationPage[] = []
  let cursor: string | null = null
  do {
    const query: string = cursor === null ? `limit=${limit}` : `limit=${limit}&cursor=${encodeURIComponent(cursor)}`
    const { status, body } = await getJson<NotificationPage>(`${url}/api/notifications?${query}`)
    expect(status).toBe(200)
    pages.push(body)
    cursor = body.nextCursor
  } while (cursor !== null && pages.length < 100)
  return { pages, ids: pages.flatMap((page) => page.data.map((item) => item.id)) }
}

describe('GET /api/notifications', () => {
  it('pages newest first with cursors, covering every item exactly once', async () => {
    const { url, demo } = await boot()
    const created: DemoNotification[] = []
    for (let index = 0; index < 47; index++) created.push(await demo.publish({ message: `m${index}` }))
    const expected = created.map((item) => item.id).reverse()

    for (const limit of [1, 7, 20, 47, 100]) {
      const { pages, ids } = await allPages(url, limit)
      expect(ids).toEqual(expected)
      expect(pages.at(-1)?.nextCursor).toBeNull()
      expect(pages.length).toBe(Math.ceil(47 / limit))
    }
    expect(new Set(expected).size).toBe(47)
    const times = created.map((item) => item.createdAt)
    expect(new Set(times).size).toBe(47)
    expect([...times].sort()).toEqual(times)
  })

  it('defaults to 20, caps at 100, and reports the unread count', async () => {
    const { url, demo } = await boot({ seed: 130 })
    await demo.markRead('n130')
    const first = await getJson<NotificationPage>(`${url}/api/notifications`)
    expect(first.body.data).toHaveLength(20)
    expect(first.body.unreadCount).toBe(129)
    expect(typeof first.body.nextCursor).toBe('string')
    expect(first.body.data[0]).toMatchObject({ id: 'n130', readAt: expect.any(String) })
    const times = first.body.data.map((item) => item.createdAt)
    expect(times).toEqual([...times].sort().reverse())

    const big = await getJson<NotificationPage>(`${url}/api/notifications?limit=500`)
    expect(big.body.data).toHaveLength(100)
  })

  it('keeps cursors stable while new items arrive and old ones are deleted', async () => {
    const { url, demo } = await boot({ seed: 10 })
    const page1 = (await getJson<NotificationPage>(`${url}/api/notifications?limit=4`)).body
    await demo.publish({ message: 'newer' })
    await demo.remove('n10')
    await demo.remove('n6')
    const page2 = (await getJson<NotificationPage>(`${url}/api/notifications?limit=4&cursor=${page1.nextCursor}`)).body
    expect(page1.data.map((item) => item.id)).toEqual(['n10', 'n9', 'n8', 'n7'])
    expect(page2.data.map((item) => item.id)).toEqual(['n5', 'n4', 'n3', 'n2'])
  })

  it('answers an empty list with a null cursor, and 400 for bad limit or cursor', async () => {
    const { url } = await boot()
    expect((await getJson(`${url}/api/notifications`)).body).toEqual({ data: [], nextCursor: null, unreadCount: 0 })
    for (const query of ['limit=0', 'limit=-3', 'limit=abc', 'limit=2.5', 'cursor=nope', 'cursor=%21%21']) {
      const { status, body } = await getJson(`${url}/api/notifications?${query}`)
      expect(status, query).toBe(400)
      expect(body).toMatchObject({ error: 'invalid_request', message: expect.any(String) })
    }
  })
})

describe('POST /api/notifications', () => {
  it('creates with unique string ids and returns 201 with the item', async () => {
    const { url } = await boot()
    const a = await postJson(`${url}/api/notifications`, { message: 'Hello', title: 'T', link: 'https://example.com/x' })
    const b = await postJson(`${url}/api/notifications`, { message: 'Again', extra: 'ignored' })
    expect(a.status).toBe(201)
    const item = a.body as DemoNotification
    expect(item).toEqual({
      id: expect.any(String),
      message: 'Hello',
      title: 'T',
      link: 'https://example.com/x',
      createdAt: expect.any(String),
      readAt: null,
      updatedAt: item.createdAt,
    })
    expect(b.body).not.toHaveProperty('extra')
    expect(b.body).not.toHaveProperty('title')
    expect((b.body as DemoNotification).id).not.toBe(item.id)
    expect((await getJson(`${url}/api/notifications/${item.id}`)).body).toEqual(item)
  })

  it('answers 400 with a JSON error for bad input', async () => {
    const { url, demo } = await boot({ maxMessageLength: 10 })
    const bad: unknown[] = [
      {},
      { message: '' },
      { message: '   ' },
      { message: 42 },
      { message: 'x'.repeat(11) },
      { message: 'ok', title: 5 },
      { message: 'ok', title: 't'.repeat(201) },
      { message: 'ok', link: 'javascript:alert(1)' },
      { message: 'ok', link: '//evil.example' },
      { message: 'ok', link: 'https://exa mple.com' },
      ['message'],
      'null',
      '{not json',
    ]
    for (const body of bad) {
      const response = await postJson(`${url}/api/notifications`, body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect(response.headers.get('content-type')).toMatch(/^application\/json/)
      expect(response.body).toMatchObject({ error: expect.any(String), message: expect.any(String) })
    }
    expect((await postJson(`${url}/api/notifications`, { message: 'x' })).body).toBeDefined()
    expect((await postJson(`${url}/api/notifications`, { message: 'x'.repeat(11) })).body).toMatchObject({ field: 'message' })
    expect(demo.stats().notifications).toBe(1)
    expect(demo.stats().lastEventId).toBe(1)
  })

  it('answers 413 for a body over the limit', async () => {
    const { url } = await boot({ maxBodyBytes: 64 })
    const response = await postJson(`${url}/api/notifications`, { message: 'x'.repeat(200) })
    expect(response.status).toBe(413)
    expect(response.body).toMatchObject({ error: 'payload_too_large' })
  })

  it('publish() validates the same way', async () => {
    const demo = createDemoServer()
    await expect(demo.publish({ message: '' })).rejects.toThrow(DemoServerValidationError)
    expect(await demo.publish({ message: 'ok', title: '', link: '' })).not.toHaveProperty('title')
    demo.close()
  })
})

describe('read endpoints', () => {
  it('marks one read, keeps a second read idempotent, and 404s an unknown id', async () => {
    const { url, demo } = await boot({ seed: 2 })
    const first = await postJson(`${url}/api/notifications/n1/read`)
    expect(first.status).toBe(200)
    const again = await postJson(`${url}/api/notifications/n1/read`)
    expect(again.body).toEqual(first.body)
    expect(demo.stats()).toMatchObject({ unread: 1, lastEventId: 1 })

    const missing = await postJson(`${url}/api/notifications/nope/read`)
    expect(missing.status).toBe(404)
    expect(missing.body).toMatchObject({ error: 'not_found' })
    expect((await getJson(`${url}/api/notifications/nope`)).status).toBe(404)
    expect((await fetch(`${url}/api/notifications/nope`, { method: 'DELETE' })).status).toBe(404)
  })

  it('read-all marks everything read with one timestamp', async () => {
    const { url } = await boot({ seed: 3 })
    const response = await postJson(`${url}/api/notifications/read-all`)
    expect(response.status).toBe(200)
    const { readAt } = response.body as { readAt: string }
    const page = (await getJson<NotificationPage>(`${url}/api/notifications`)).body
    expect(page.unreadCount).toBe(0)
    expect(page.data.every((item) => item.readAt === readAt && item.updatedAt === readAt)).toBe(true)
  })
})

describe('routing and demo controls', () => {
  it('404s unknown /api routes with JSON and 405s wrong methods', async () => {
    const { url } = await boot()
    for (const path of ['/api', '/api/nope', '/api/notifications/a/b/c', '/api/demo']) {
      const response = await getJson(`${url}${path}`)
      expect(response.status, path).toBe(404)
      expect(response.body).toMatchObject({ error: 'not_found' })
    }
    const wrong = await fetch(`${url}/api/notifications/read-all`)
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('POST')
  })

  it('passes other paths to next(), as Vite middleware', async () => {
    const demo = createDemoServer({ seed: 1 })
    const httpServer = createServer((req, res) =>
      demo.handle(req, res, () => {
        res.writeHead(200, { 'Content-Type': 'text/plain' })
        res.end(`fallthrough ${req.url}`)
      }),
    )
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`
    try {
      expect(await (await fetch(`${base}/`)).text()).toBe('fallthrough /')
      expect(await (await fetch(`${base}/apiary`)).text()).toBe('fallthrough /apiary')
      expect((await getJson<NotificationPage>(`${base}/api/notifications`)).body.data).toHaveLength(1)
    } finally {
      demo.close()
      httpServer.closeAllConnections()
      await new Promise((resolve) => httpServer.close(resolve))
    }
  })

  it('supports another base path', async () => {
    const { url } = await boot({ basePath: '/backend/' })
    expect((await getJson(`${url}/backend/notifications`)).status).toBe(200)
    expect((await fetch(`${url}/api/notifications`)).status).toBe(404)
  })

  it('reports stats and resets state', async () => {
    const { url } = await boot({ seed: 4 })
    await postJson(`${url}/api/notifications`, { message: 'x' })
    expect((await getJson(`${url}/api/demo/stats`)).body).toMatchObject({
      streams: 0,
      totalStreamConnections: 0,
      notifications: 5,
      unread: 5,
      lastEventId: 1,
    })
    expect((await postJson(`${url}/api/demo/reset`)).status).toBe(200)
    expect((await getJson(`${url}/api/demo/stats`)).body).toMatchObject({ notifications: 0, loggedEvents: 0, lastEventId: 1 })
    const next = (await postJson(`${url}/api/notifications`, { message: 'after reset' })).body as DemoNotification
    expect(next.id).toBe('n6')
  })

  it('auto-publishes sample notifications when asked', async () => {
    const { demo } = await boot({ autoPublishIntervalMs: 20 })
    await new Promise((resolve) => setTimeout(resolve, 90))
    expect(demo.stats().notifications).toBeGreaterThanOrEqual(2)
  })
})
