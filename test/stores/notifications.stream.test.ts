import axios from 'axios'
import { EventSource } from 'eventsource'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useNotificationStore } from '../../src/stores/notifications'
import { configureNotifications, type NotificationsOptions } from '../../src/stores/options'
import { StoreTestServer, eventually, type ServerNotification } from '../support/storeServer'

type Store = ReturnType<typeof useNotificationStore>

let server: StoreTestServer | undefined
let store: Store | undefined

async function startServer(flavour: 'contract' | 'seed' = 'contract'): Promise<StoreTestServer> {
  server = await new StoreTestServer({ flavour }).start()
  return server
}

function makeStore(backend: StoreTestServer, extra: Partial<NotificationsOptions> = {}): Store {
  const pinia = createPinia()
  setActivePinia(pinia)
  configureNotifications(pinia, {
    streamUrl: backend.streamUrl,
    apiUrl: backend.apiUrl,
    http: axios.create({ timeout: 3000 }),
    stream: {
      EventSource,
      backoff: { initial: 20, max: 50 },
    },
    // This server does not announce replays: a reconnect is a gap once this passes without one.
    resumeTimeout: 200,
    warn: vi.fn(),
    ...extra,
  })
  store = useNotificationStore()
  return store
}

function snapshot(current: Store): { id: string; read: boolean }[] {
  return current.items.map((item) => ({ id: item.id, read: item.readAt !== null }))
}

async function settled(current: Store): Promise<void> {
  await eventually(() => {
    expect(current.connection).toBe('open')
    expect(current.loading).toBe(false)
  })
}

async function matchesServer(current: Store, backend: StoreTestServer): Promise<void> {
  await eventually(() => {
    expect(snapshot(current)).toEqual(backend.expected())
    expect(current.unreadCount).toBe(backend.unread())
  })
}

function listRequests(backend: StoreTestServer): number {
  return backend.log.filter((line) => line.startsWith('GET /api/notifications')).length
}

afterEach(async () => {
  store?.$reset()
  store?.$dispose()
  store = undefined
  await server?.close()
  server = undefined
})

describe('notification store against a live SSE + REST server', () => {
  it('loads, then follows created, read, deleted and read-all events', async () => {
    const backend = await startServer()
    const seeded = ['a', 'b', 'c'].map((text) => backend.create(text, { silent: true }))
    const current = makeStore(backend)
    current.connect()
    await settled(current)
    await matchesServer(current, backend)
    expect(current.items.map((item) => item.message)).toEqual(['c', 'b', 'a'])

    const fresh = backend.create('d')
    backend.read(seeded[0]!.id)
    backend.remove(seeded[1]!.id)
    await matchesServer(current, backend)
    expect(current.items[0]!.id).toBe(fresh.id)
    expect(current.unreadCount).toBe(2)

    await current.markRead(fresh.id)
    await matchesServer(current, backend)
    backend.readAll()
    await matchesServer(current, backend)
    expect(current.unreadCount).toBe(0)
  })

  it('ignores duplicates and older versions of an item', async () => {
    const backend = await startServer()
    const current = makeStore(backend)
    current.connect()
    await settled(current)

    const item = backend.create('first version')
    backend.send('notification', item)
    backend.send('notification', item)
    const newer: ServerNotification = { ...item, message: 'second version', updatedAt: backend.tick() }
    backend.truth.set(item.id, newer)
    backend.send('notification', newer)
    backend.send('notification', item)
    const marker = backend.create('marker')

    await eventually(() => expect(current.items.map((entry) => entry.id)).toContain(marker.id))
    expect(current.items.filter((entry) => entry.id === item.id)).toHaveLength(1)
    expect(current.items.find((entry) => entry.id === item.id)?.message).toBe('second version')
    await matchesServer(current, backend)
  })

  it('keeps stream changes made while a refresh is in flight', async () => {
    const backend = await startServer()
    const seeded = ['a', 'b', 'c', 'd'].map((text) => backend.create(text, { silent: true }))
    const current = makeStore(backend)
    current.connect()
    await settled(current)

    const gate = backend.holdNextList()
    const refreshing = current.refresh()
    await gate.opened
    // The held answer was computed now: everything below makes it stale.
    const fresh = backend.create('during refresh')
    backend.read(seeded[3]!.id)
    backend.remove(seeded[2]!.id)
    await eventually(() => {
      expect(current.items.map((item) => item.id)).toContain(fresh.id)
      expect(current.items.map((item) => item.id)).not.toContain(seeded[2]!.id)
    })
    expect(current.loading).toBe(true)

    gate.release()
    await refreshing
    expect(current.loading).toBe(false)
    expect(snapshot(current)).toEqual(backend.expected())
    expect(current.unreadCount).toBe(backend.unread())
    expect(current.items.find((item) => item.id === seeded[3]!.id)?.readAt).not.toBeNull()
  })

  it('applies a read-all received during a refresh to items the stale answer brings', async () => {
    const backend = await startServer()
    ;['a', 'b'].forEach((text) => backend.create(text, { silent: true }))
    const current = makeStore(backend)
    current.connect()
    await settled(current)

    const unseen = backend.create('only over REST', { silent: true })
    const gate = backend.holdNextList()
    const refreshing = current.refresh()
    await gate.opened
    backend.readAll()
    await eventually(() => expect(current.unreadCount).toBe(0))
    gate.release()
    await refreshing
    expect(current.items[0]).toMatchObject({ id: unseen.id, readAt: backend.truth.get(unseen.id)!.readAt })
    expect(current.unreadCount).toBe(0)
    await matchesServer(current, backend)
  })

  it('reports a refused stream as a stream error and still loads over REST', async () => {
    const backend = await startServer()
    backend.create('a', { silent: true })
    const current = makeStore(backend, { streamUrl: `${backend.origin}/no-such-stream` })
    current.connect()
    await eventually(() => expect(current.connection).toBe('closed'))
    await eventually(() => expect(current.items).toHaveLength(1))
    expect(current.error).toMatchObject({ kind: 'stream', status: 404 })
  })

  it('fills the gap after a reconnect and shows live events meanwhile', async () => {
    const backend = await startServer()
    const seeded = ['a', 'b', 'c', 'd', 'e'].map((text) => backend.create(text, { silent: true }))
    const current = makeStore(backend)
    current.connect()
    await settled(current)
    const before = listRequests(backend)

    const gate = backend.holdNextList()
    backend.dropClients()
    // Missed while the stream is down.
    const missed = [backend.create('missed 1', { silent: true }), backend.create('missed 2', { silent: true })]
    backend.read(seeded[4]!.id, { silent: true })
    backend.remove(seeded[3]!.id, { silent: true })

    await gate.opened
    await eventually(() => expect(backend.clientCount).toBe(1))
    expect(listRequests(backend)).toBe(before + 1)
    const live = backend.create('live during gap fill')
    backend.read(missed[0]!.id)
    await eventually(() => expect(current.items[0]?.id).toBe(live.id))
    expect(current.truncated).toBe(true)

    gate.release()
    await settled(current)
    await matchesServer(current, backend)
    expect(current.items[0]!.id).toBe(live.id)
    expect(backend.streamConnections).toBe(2)
  })

  it('marks the list truncated when the gap is longer than the page limit, and loadMore closes it', async () => {
    const backend = await startServer()
    ;['s1', 's2', 's3'].forEach((text) => backend.create(text, { silent: true }))
    // The background fill is slowed down so that loadMore() does the rest.
    const current = makeStore(backend, { pageSize: 2, gapFillMaxPages: 2, fillInterval: 60_000 })
    current.connect()
    await settled(current)
    expect(current.items.map((item) => item.message)).toEqual(['s3', 's2'])
    expect(current.hasMore).toBe(true)

    backend.dropClients()
    for (let i = 1; i <= 6; i += 1) backend.create(`m${i}`, { silent: true })
    await eventually(() => expect(current.truncated).toBe(true))
    // The burst: two pages, one after the other.
    await eventually(() => expect(current.items.map((item) => item.message)).toEqual(['m6', 'm5', 'm4', 'm3', 's3', 's2']))
    await settled(current)
    expect(current.hasMore).toBe(true)

    await current.loadMore()
    expect(current.truncated).toBe(true)
    await current.loadMore()
    expect(current.truncated).toBe(false)
    expect(current.hasMore).toBe(true)
    await current.loadMore()
    expect(current.hasMore).toBe(false)
    await matchesServer(current, backend)
  })

  it('re-syncs over REST after a malformed or rejected notification event', async () => {
    const backend = await startServer()
    backend.create('a', { silent: true })
    const warn = vi.fn()
    const current = makeStore(backend, { warn })
    current.connect()
    await settled(current)
    const before = listRequests(backend)

    backend.create('lost with the broken event', { silent: true })
    backend.send('notification', '{"id": "broken", ')
    await eventually(() => expect(listRequests(backend)).toBeGreaterThan(before))
    await settled(current)
    await matchesServer(current, backend)

    const afterFirst = listRequests(backend)
    backend.create('lost with the id-less event', { silent: true })
    backend.send('notification', { message: 'no id here', createdAt: backend.tick() })
    await eventually(() => expect(listRequests(backend)).toBeGreaterThan(afterFirst))
    await settled(current)
    await matchesServer(current, backend)

    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Malformed "notification" event'), '{"id": "broken", ')
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no id'), expect.objectContaining({ message: 'no id here' }))
    expect(current.error).toBeNull()
    expect(current.items.map((item) => item.id)).not.toContain('broken')
  })

  it('works with a seed-style backend through configuration', async () => {
    const backend = await startServer('seed')
    const seeded = ['a', 'b', 'c'].map((text) => backend.create(text, { silent: true }))
    backend.read(seeded[1]!.id, { silent: true })
    const current = makeStore(backend, { events: { notification: 'new-notification' } })
    current.connect()
    await settled(current)
    await matchesServer(current, backend)
    expect(current.hasMore).toBe(false)
    expect(current.items[2]).toMatchObject({ id: seeded[0]!.id, message: 'a', readAt: null })
    expect(backend.log).toContain('GET /api/notifications?limit=20')

    const live = backend.create('live')
    await eventually(() => expect(current.items[0]?.id).toBe(live.id))
    await matchesServer(current, backend)
    expect(current.unreadCount).toBe(3)
  })

  it('disconnect() closes the stream and connect() catches up on what was missed', async () => {
    const backend = await startServer()
    backend.create('a', { silent: true })
    const current = makeStore(backend)
    current.connect()
    await settled(current)

    current.disconnect()
    expect(current.connection).toBe('idle')
    await eventually(() => expect(backend.clientCount).toBe(0))
    backend.create('while away')
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(backend.clientCount).toBe(0)
    expect(current.items).toHaveLength(1)

    current.connect()
    await settled(current)
    await matchesServer(current, backend)
  })
})
