// @vitest-environment node
/** The REST half of docs/server-contract.md, against each storage. */
import { afterEach, describe, expect, it } from 'vitest'
import type { NotificationPage, ServerNotification } from '../../src/server'
import { RawStream } from '../support/rawSseStream'
import { request, startKit, storageCases, type Body, type RunningKit } from './support/kitServer'
import { useRedisServer } from './support/redisServer'

const redis = useRedisServer()

type Item = ServerNotification<Body>
type Page = NotificationPage<Body>

describe.each(storageCases(() => redis().url))('REST with the $name storage', ({ create }) => {
  let running: RunningKit | undefined
  let stream: RawStream | undefined

  afterEach(async () => {
    stream?.close()
    stream = undefined
    await running?.close()
    running = undefined
  })

  async function boot(options: Parameters<typeof startKit>[0] = {}): Promise<RunningKit> {
    running = await startKit({ storage: create(), ...options })
    return running
  }

  async function publishMany(count: number, user = 'alice'): Promise<Item[]> {
    const items: Item[] = []
    for (let index = 0; index < count; index++) items.push(await running!.kit.publish(user, { message: `m${index}` }))
    return items
  }

  async function allPages(limit: number): Promise<{ pages: Page[]; ids: string[] }> {
    const pages: Page[] = []
    let cursor: string | null = null
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`
      const { status, body } = await request<Page>(`${running!.api}?user=alice&limit=${limit}${query}`)
      expect(status).toBe(200)
      pages.push(body)
      cursor = body.nextCursor
    } while (cursor !== null && pages.length < 100)
    return { pages, ids: pages.flatMap((page) => page.data.map((item) => item.id)) }
  }

  it('pages newest first with keyset cursors, each item exactly once, createdAt strictly increasing under a frozen clock', async () => {
    await boot({ now: () => Date.UTC(2030, 0, 1) })
    const created = await publishMany(47)
    const times = created.map((item) => Date.parse(item.createdAt))
    expect(times.every((time, index) => index === 0 || time > times[index - 1]!)).toBe(true)
    for (const limit of [1, 7, 20, 47, 100]) {
      const { pages, ids } = await allPages(limit)
      expect(ids).toEqual(created.map((item) => item.id).reverse())
      expect(pages.length).toBe(Math.ceil(47 / limit))
      expect(pages.at(-1)?.nextCursor).toBeNull()
      expect(pages.every((page) => page.unreadCount === 47)).toBe(true)
    }
  })

  it('keeps a cursor valid while items are inserted before it and deleted around it', async () => {
    const { kit, api } = await boot()
    const created = await publishMany(10)
    const first = (await request<Page>(`${api}?user=alice&limit=4`)).body
    expect(first.data.map((item) => item.id)).toEqual(created.slice(6).map((item) => item.id).reverse())
    await kit.publish('alice', { message: 'newer' })
    await kit.remove('alice', created[9]!.id)
    await kit.remove('alice', created[6]!.id)
    await kit.remove('alice', created[5]!.id)
    const second = (await request<Page>(`${api}?user=alice&limit=4&cursor=${first.nextCursor}`)).body
    expect(second.data.map((item) => item.id)).toEqual([4, 3, 2, 1].map((index) => created[index]!.id))
  })

  it('defaults to pageSize, caps at maxPageSize, answers an empty list, and 400s a bad limit or cursor', async () => {
    const { api } = await boot({ pageSize: 3, maxPageSize: 5 })
    expect((await request(`${api}?user=alice`)).body).toEqual({ data: [], nextCursor: null, unreadCount: 0 })
    await publishMany(8)
    expect((await request<Page>(`${api}?user=alice`)).body.data).toHaveLength(3)
    expect((await request<Page>(`${api}?user=alice&limit=500`)).body.data).toHaveLength(5)
    for (const query of ['limit=0', 'limit=-3', 'limit=abc', 'limit=2.5', 'cursor=nope', 'cursor=%21%21', 'cursor=MTI']) {
      const { status, body } = await request(`${api}?user=alice&${query}`)
      expect(status, query).toBe(400)
      expect(body).toMatchObject({ error: 'invalid_request', message: expect.any(String) })
    }
  })

  it('mark-read sets readAt once, broadcasts notification.read, and 404s an unknown id', async () => {
    const { api } = await boot()
    const [item] = await publishMany(2)
    stream = await RawStream.open(`${api}/stream?user=alice`)
    const read = await request<Item>(`${api}/${item!.id}/read?user=alice`, 'POST')
    expect(read.status).toBe(200)
    expect(read.body.readAt).toEqual(expect.any(String))
    expect(read.body.updatedAt).toBe(read.body.readAt)
    expect(Date.parse(read.body.readAt!)).toBeGreaterThan(Date.parse(item!.createdAt))
    expect((await request<Item>(`${api}/${item!.id}/read?user=alice`, 'POST')).body).toEqual(read.body)
    expect((await request<Page>(`${api}?user=alice`)).body.unreadCount).toBe(1)
    expect((await request(`${api}/nope/read?user=alice`, 'POST')).status).toBe(404)
    const events = await stream.waitForEvents(1)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(stream.events.map((event) => [event.event, JSON.parse(event.data) as unknown])).toEqual([
      ['notification.read', { id: item!.id, readAt: read.body.readAt }],
    ])
    expect(events[0]?.id).toEqual(expect.any(String))
  })

  it('mark-unread clears readAt with a newer updatedAt and broadcasts readAt: null', async () => {
    const { kit, api } = await boot()
    const [item] = await publishMany(1)
    const read = (await kit.markRead('alice', item!.id))!
    stream = await RawStream.open(`${api}/stream?user=alice`)
    const unread = await request<Item>(`${api}/${item!.id}/unread?user=alice`, 'POST')
    expect(unread.status).toBe(200)
    expect(unread.body.readAt).toBeNull()
    expect(Date.parse(unread.body.updatedAt)).toBeGreaterThan(Date.parse(read.updatedAt))
    expect((await request<Page>(`${api}?user=alice`)).body.unreadCount).toBe(1)
    expect((await request(`${api}/nope/unread?user=alice`, 'POST')).status).toBe(404)
    const [event] = await stream.waitForEvents(1)
    expect([event?.event, JSON.parse(event!.data)]).toEqual(['notification.read', { id: item!.id, readAt: null }])
  })

  it('read-all covers createdAt <= T with readAt = T, keeps earlier reads, and leaves later items unread', async () => {
    const { kit, api } = await boot({ now: () => Date.UTC(2030, 0, 1) })
    const [early, second, third] = await publishMany(3)
    const earlyRead = (await kit.markRead('alice', early!.id))!
    stream = await RawStream.open(`${api}/stream?user=alice`)

    const response = await request<{ readAt: string }>(`${api}/read-all?user=alice`, 'POST')
    expect(response.status).toBe(200)
    expect(Object.keys(response.body)).toEqual(['readAt'])
    const { readAt } = response.body
    const later = await kit.publish('alice', { message: 'after read-all' })
    expect(Date.parse(later.createdAt)).toBeGreaterThan(Date.parse(readAt))

    const page = (await request<Page>(`${api}?user=alice`)).body
    const byId = new Map(page.data.map((item) => [item.id, item]))
    expect(byId.get(early!.id)).toMatchObject({ readAt: earlyRead.readAt, updatedAt: earlyRead.updatedAt })
    for (const item of [second!, third!]) {
      expect(byId.get(item.id)).toMatchObject({ readAt, updatedAt: readAt })
      expect(Date.parse(item.createdAt)).toBeLessThanOrEqual(Date.parse(readAt))
    }
    expect(byId.get(later.id)?.readAt).toBeNull()
    expect(page.unreadCount).toBe(1)
    const [event] = await stream.waitForEvents(1)
    expect([event?.event, JSON.parse(event!.data)]).toEqual(['notifications.read-all', { readAt }])

    // A later mark-unread makes a covered item unread again.
    await kit.markUnread('alice', second!.id)
    expect((await request<Page>(`${api}?user=alice`)).body.unreadCount).toBe(2)
  })

  it('deletes, broadcasts notification.deleted, and 404s what is gone', async () => {
    const { api } = await boot()
    const [item, kept] = await publishMany(2)
    stream = await RawStream.open(`${api}/stream?user=alice`)
    const deleted = await request(`${api}/${item!.id}?user=alice`, 'DELETE')
    expect(deleted).toMatchObject({ status: 200, body: { id: item!.id } })
    expect((await request(`${api}/${item!.id}?user=alice`, 'DELETE')).status).toBe(404)
    expect((await request(`${api}/${item!.id}?user=alice`)).status).toBe(404)
    expect((await request(`${api}/${kept!.id}?user=alice`)).body).toEqual(kept)
    expect((await request<Page>(`${api}?user=alice`)).body).toMatchObject({ data: [kept], unreadCount: 1 })
    const [event] = await stream.waitForEvents(1)
    expect([event?.event, JSON.parse(event!.data)]).toEqual(['notification.deleted', { id: item!.id }])
  })

  it('publish: keeps the app’s fields and id, refuses fields the server owns and a taken id, imports without an event', async () => {
    const { kit, api } = await boot()
    stream = await RawStream.open(`${api}/stream?user=alice`)
    const own = await kit.publish('alice', { id: 'order-42', message: 'Shipped', title: 'Order' })
    expect(own).toEqual({ id: 'order-42', message: 'Shipped', title: 'Order', createdAt: own.createdAt, readAt: null, updatedAt: own.createdAt })
    await expect(kit.publish('alice', { id: 'order-42', message: 'again' })).rejects.toMatchObject({ status: 409, code: 'conflict' })
    const owned = { message: 'x', readAt: null } as unknown as Body
    await expect(kit.publish('alice', owned)).rejects.toMatchObject({ status: 400, code: 'invalid_notification' })
    await expect(kit.publish('alice', { id: 'stream', message: 'x' })).rejects.toMatchObject({ status: 400 })

    const imported = await kit.publish('bob', { message: 'from last year' }, { createdAt: new Date('2020-01-01T00:00:00Z'), broadcast: false })
    expect(imported.createdAt).toBe('2020-01-01T00:00:00.000Z')
    await expect(kit.publish('bob', { message: 'older still' }, { createdAt: new Date('2019-01-01') })).rejects.toMatchObject({ status: 400 })
    const bob = await RawStream.open(`${api}/stream?user=bob&lastEventId=0`)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(bob.events).toEqual([])
    bob.close()
    expect((await kit.list('bob')).data).toEqual([imported])
    expect((await stream.waitForEvents(1)).map((event) => JSON.parse(event.data) as unknown)).toEqual([own])
  })
})
