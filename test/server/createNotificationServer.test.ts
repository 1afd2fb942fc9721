// @vitest-environment node
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import Fastify from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { NotificationServerError, createNotificationServer, type NotificationServer } from '../../src/server'
import { RawStream, waitFor } from '../support/rawSseStream'
import { request, startKit, type RunningKit } from './support/kitServer'

let running: RunningKit | undefined
const cleanups: (() => Promise<unknown> | void)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
  await running?.close()
  running = undefined
})

async function boot(options: Parameters<typeof startKit>[0] = {}): Promise<RunningKit> {
  running = await startKit(options)
  return running
}

async function listenOn(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => {
    server.closeAllConnections()
    return new Promise((resolve) => server.close(resolve))
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('options', () => {
  it('requires authenticate and checks numbers and ranges', () => {
    expect(() => createNotificationServer({} as never)).toThrow(/authenticate/)
    const authenticate = () => 'u'
    expect(() => createNotificationServer({ authenticate, pageSize: 0 })).toThrow(/pageSize/)
    expect(() => createNotificationServer({ authenticate, retry: { minMs: 5000, maxMs: 10 } })).toThrow(/retry/)
    expect(() => createNotificationServer({ authenticate, cors: { origin: '*', credentials: true } })).toThrow(/credentials/)
  })

  it('refuses a helper call without a proper user id', async () => {
    const kit = createNotificationServer({ authenticate: () => 'u' })
    await expect(kit.publish(undefined as unknown as string, { message: 'x' })).rejects.toThrow(TypeError)
    await expect(kit.list('')).rejects.toThrow(/user id/)
    await expect(kit.broadcast('u', 'bad\nname', {})).rejects.toThrow(/event name/)
    await kit.close()
  })
})

describe('authentication', () => {
  it('answers 401 without a user, on the stream and the REST routes, and a NotificationServerError’s own status', async () => {
    const { api } = await boot({
      authenticate(req: IncomingMessage) {
        const user = new URL(req.url ?? '/', 'http://x').searchParams.get('user')
        if (user === 'banned') throw new NotificationServerError(403, 'forbidden', 'banned')
        return user
      },
    })
    for (const url of [`${api}`, `${api}/stream`, `${api}/x/read`]) {
      const method = url.endsWith('/read') ? 'POST' : 'GET'
      const answer = await request(url, method)
      expect(answer.status, url).toBe(401)
      expect(answer.body).toMatchObject({ error: 'unauthorized' })
    }
    expect(await request(`${api}?user=banned`)).toMatchObject({ status: 403, body: { error: 'forbidden', message: 'banned' } })
  })

  it('answers 500 and reports an authenticate that fails or returns a bad id', async () => {
    const errors: unknown[] = []
    const { api } = await boot({
      authenticate: (req) => (req.url?.includes('boom') ? Promise.reject(new Error('db down')) : (42 as unknown as string)),
      onError: (error) => errors.push(error),
    })
    expect(await request(`${api}?boom`)).toMatchObject({ status: 500, body: { error: 'internal_error' } })
    expect((await request(api)).status).toBe(500)
    expect(errors.map((error) => (error as Error).message)).toEqual(['db down', expect.stringMatching(/user id/)])
  })
})

describe('routing', () => {
  it('404s unknown routes below the base path, 405s wrong methods with Allow, and leaves other paths to next()', async () => {
    const { api, origin } = await boot()
    for (const path of ['/notifications/a/b/c', '/notifications/a/delete']) {
      expect(await request(`${origin}${path}?user=u`, 'POST')).toMatchObject({ status: 404, body: { error: 'not_found' } })
    }
    const wrong = await request(`${api}/read-all?user=u`)
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('POST')
    expect((await request(`${api}/x?user=u`, 'PUT')).headers.get('allow')).toBe('GET, DELETE')
    expect((await request(`${origin}/notificationsx?user=u`)).status).toBe(404)

    const kit = createNotificationServer({ authenticate: () => 'u', basePath: '/api/inbox/' })
    const url = await listenOn(
      createServer((req, res) =>
        kit.handle(req, res, () => {
          res.writeHead(200, { 'Content-Type': 'text/plain' })
          res.end(`app ${req.url}`)
        }),
      ),
    )
    expect(await (await fetch(`${url}/api/inboxes`)).text()).toBe('app /api/inboxes')
    expect(await request(`${url}/api/inbox`)).toMatchObject({ status: 200, body: { data: [], unreadCount: 0 } })
    expect((await request(`${url}/api/inbox/`)).status).toBe(200)
    await kit.close()
  })

  it('mounts in Express, at the root or below a path (req.originalUrl)', async () => {
    const kit = createNotificationServer<{ message: string }>({ authenticate: () => 'alice', basePath: '/api/notifications' })
    cleanups.push(() => kit.close())
    const app = express()
    app.use(express.json())
    app.use('/api/notifications', kit.handle)
    app.post('/app/publish', async (req, res) => res.status(201).json(await kit.publish('alice', req.body as { message: string })))
    const url = await listenOn(createServer(app))

    const stream = await RawStream.open(`${url}/api/notifications/stream`)
    cleanups.push(() => stream.close())
    const created = await fetch(`${url}/app/publish`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"message":"hi"}' })
    const item = (await created.json()) as { id: string }
    const [event] = await stream.waitForEvents(1)
    expect(JSON.parse(event!.data)).toEqual(item)
    expect((await request(`${url}/api/notifications/${item.id}/read`, 'POST', { 'Content-Type': 'application/json' })).status).toBe(200)
    expect((await request<{ unreadCount: number }>(`${url}/api/notifications`)).body.unreadCount).toBe(0)
  })

  it('runs in Fastify through reply.hijack() and the raw request and response', async () => {
    const kit = createNotificationServer({ authenticate: () => 'alice' })
    cleanups.push(() => kit.close())
    const fastify = Fastify()
    const handler = (req: { raw: IncomingMessage }, reply: { hijack(): void; raw: import('node:http').ServerResponse }) => {
      reply.hijack()
      return kit.handle(req.raw, reply.raw)
    }
    fastify.all('/notifications', handler)
    fastify.all('/notifications/*', handler)
    await fastify.listen({ port: 0, host: '127.0.0.1' })
    cleanups.push(() => fastify.close())
    const url = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}`

    const stream = await RawStream.open(`${url}/notifications/stream`)
    cleanups.push(() => stream.close())
    const item = await kit.publish('alice', { message: 'via fastify' })
    const [event] = await stream.waitForEvents(1)
    expect(JSON.parse(event!.data)).toEqual(item)
    expect(stream.response.headers.get('cache-control')).toBe('no-store')
    expect(await request(`${url}/notifications/read-all`, 'POST')).toMatchObject({ status: 200, body: { readAt: expect.any(String) } })
  })
})

describe('CORS', () => {
  it('sends no CORS headers unless configured', async () => {
    const { api } = await boot()
    const answer = await request(`${api}?user=u`, 'GET', { Origin: 'https://app.example' })
    expect(answer.headers.get('access-control-allow-origin')).toBeNull()
    expect((await request(`${api}?user=u`, 'OPTIONS', { Origin: 'https://app.example' })).status).toBe(405)
  })

  it('echoes an allowed origin with credentials, on the stream too, and answers preflights', async () => {
    const { api } = await boot({ cors: { origin: ['https://app.example'], credentials: true } })
    const allowed = await request(`${api}?user=u`, 'GET', { Origin: 'https://app.example' })
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example')
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true')
    expect(allowed.headers.get('vary')).toBe('Origin')
    const other = await request(`${api}?user=u`, 'GET', { Origin: 'https://evil.example' })
    expect(other.headers.get('access-control-allow-origin')).toBeNull()

    const stream = await RawStream.open(`${api}/stream?user=u`, { Origin: 'https://app.example' })
    cleanups.push(() => stream.close())
    expect(stream.response.headers.get('access-control-allow-origin')).toBe('https://app.example')

    const preflight = await request(`${api}/x/read?user=u`, 'OPTIONS', {
      Origin: 'https://app.example',
      'Access-Control-Request-Method': 'POST',
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST')
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Content-Type, Authorization, Last-Event-ID')
    const refused = await request(`${api}/x/read?user=u`, 'OPTIONS', { Origin: 'https://evil.example' })
    expect(refused.status).toBe(204)
    expect(refused.headers.get('access-control-allow-methods')).toBeNull()
  })

  it('allows any origin with * only without credentials', async () => {
    const { api } = await boot({ cors: { origin: '*' } })
    const answer = await request(`${api}?user=u`, 'GET', { Origin: 'https://anywhere.example' })
    expect(answer.headers.get('access-control-allow-origin')).toBe('*')
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull()
  })
})

describe('connections', () => {
  it('counts streams, drops one user’s or all, and counts a slow client dropped for backpressure', async () => {
    const { kit, api } = await boot({ maxBufferedBytes: 32 * 1024 })
    const alice = await RawStream.open(`${api}/stream?user=alice`)
    const bob = await RawStream.open(`${api}/stream?user=bob`)
    cleanups.push(() => alice.close(), () => bob.close())
    await waitFor(() => kit.stats().connections === 2)
    expect(kit.dropConnections('alice')).toBe(1)
    await waitFor(() => alice.ended)
    expect(kit.stats()).toEqual({ connections: 1, acceptedConnections: 2, backpressureDrops: 0 })
    expect(kit.dropConnections()).toBe(1)
    await waitFor(() => kit.stats().connections === 0)

    const { port } = new URL(api)
    const { connect } = await import('node:net')
    const stalled = connect(Number(port), '127.0.0.1')
    cleanups.push(() => void stalled.destroy())
    stalled.write('GET /notifications/stream?user=carol HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    stalled.pause()
    await waitFor(() => kit.stats().connections === 1)
    const padding = 'x'.repeat(16 * 1024)
    for (let index = 0; index < 2000 && kit.stats().backpressureDrops === 0; index++) {
      await kit.publish('carol', { message: padding })
    }
    expect(kit.stats()).toMatchObject({ connections: 0, backpressureDrops: 1 })
  })

  it('close() ends the streams', async () => {
    const kit: NotificationServer = createNotificationServer({ authenticate: () => 'u' })
    const url = await listenOn(createServer((req, res) => void kit.handle(req, res)))
    const stream = await RawStream.open(`${url}/notifications/stream`)
    await waitFor(() => kit.stats().connections === 1)
    await kit.close()
    await waitFor(() => stream.ended)
    expect(kit.stats().connections).toBe(0)
  })
})
