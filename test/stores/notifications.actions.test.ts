import axios from 'axios'
import { delay, http as rest, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createPinia, setActivePinia } from 'pinia'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { StorageLike } from '../../src/utils/electLeader'
import { useNotificationStore } from '../../src/stores/notifications'
import { configureNotifications, type NotificationsOptions } from '../../src/stores/options'
import { FakeEventSource } from '../support/FakeEventSource'

const API = 'http://127.0.0.1:9/api/notifications'
const STREAM = 'http://127.0.0.1:9/api/stream'
const server = setupServer()
const calls: string[] = []

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
beforeEach(() => {
  calls.length = 0
  FakeEventSource.reset()
})
const stores: ReturnType<typeof useNotificationStore>[] = []
afterEach(() => {
  // No store of one test goes on fetching during the next.
  for (const store of stores.splice(0)) store.$reset()
  server.resetHandlers()
})
afterAll(() => server.close())

const iso = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString()
const note = (n: number, extra: Record<string, unknown> = {}) => ({ id: `n${n}`, message: `m${n}`, createdAt: iso(n), readAt: null, ...extra })

/** An in-memory `localStorage`, shared by the "page loads" of one test. */
class MemoryStorage implements StorageLike {
  readonly data = new Map<string, string>()
  getItem(key: string): string | null {
    return this.data.get(key) ?? null
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value)
  }
  removeItem(key: string): void {
    this.data.delete(key)
  }
}

function serve(items: Record<string, unknown>[], status = 200) {
  server.use(
    rest.get(API, () => {
      calls.push('list')
      return HttpResponse.json({ data: items, nextCursor: null, unreadCount: items.filter((item) => !item.readAt).length })
    }),
    rest.post(`${API}/:id/:action`, ({ params }) => {
      calls.push(`${String(params.action)}:${String(params.id)}`)
      return status === 200 ? HttpResponse.json({}) : HttpResponse.json({ message: 'boom' }, { status })
    }),
    rest.delete(`${API}/:id`, ({ params }) => {
      calls.push(`delete:${String(params.id)}`)
      return status === 200 ? new HttpResponse(null, { status: 204 }) : HttpResponse.json({ message: 'boom' }, { status })
    }),
  )
}

/** A new page load: its own Pinia and store. */
function load(options: Partial<NotificationsOptions> = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  configureNotifications(pinia, { http: axios.create(), warn: vi.fn(), ...options })
  const store = useNotificationStore()
  stores.push(store)
  return store
}

const ids = (store: ReturnType<typeof useNotificationStore>) =>
  store.items.map((item) => `${item.id}:${item.readAt === null ? 'unread' : 'read'}`)

describe('what the store offers, by configuration', () => {
  it('derives capabilities from the endpoints and the read-state option', () => {
    expect(load({ apiUrl: API }).capabilities).toEqual({
      refresh: true,
      loadMore: true,
      markRead: 'server',
      markUnread: 'server',
      markAllRead: 'server',
      archive: 'server',
    })
    // Laravel's routes without a read-all one.
    expect(load({ apiUrl: API, endpoints: { markAllRead: false, archive: false } }).capabilities).toMatchObject({
      markRead: 'server',
      markAllRead: false,
      archive: false,
    })
    // A list but no read endpoints at all.
    expect(load({ endpoints: { list: API } }).capabilities).toMatchObject({ markRead: 'local', markAllRead: 'local', archive: 'local' })
    expect(load({ streamUrl: STREAM }).capabilities).toMatchObject({ refresh: false, loadMore: false, markRead: 'local' })
  })

  it('says which action is not offered instead of sending a request that cannot work', async () => {
    serve([note(1)])
    const store = load({ apiUrl: API, endpoints: { markAllRead: false } })
    await store.refresh()
    await store.markAllRead()
    expect(store.error).toMatchObject({ kind: 'config', action: 'mark-all-read' })
    expect(calls).toEqual(['list'])
  })
})

describe('read state on the server', () => {
  it('marks unread with its own endpoint and rolls back when it fails', async () => {
    serve([note(1, { readAt: iso(2) })], 500)
    const store = load({ apiUrl: API })
    await store.refresh()
    const pending = store.markUnread('n1')
    expect(ids(store)).toEqual(['n1:unread'])
    await pending
    expect(calls).toContain('unread:n1')
    expect(ids(store)).toEqual(['n1:read'])
    expect(store.error).toMatchObject({ kind: 'mark-unread', action: 'mark-unread', id: 'n1', status: 500 })
  })

  it('archives with DELETE, at once, and brings the item back when that fails', async () => {
    serve([note(2), note(1)], 500)
    const store = load({ apiUrl: API })
    await store.refresh()
    const pending = store.archive('n1')
    expect(ids(store)).toEqual(['n2:unread'])
    expect(store.unreadCount).toBe(1)
    await pending
    expect(calls).toContain('delete:n1')
    expect(ids(store)).toEqual(['n2:unread', 'n1:unread'])
    expect(store.error).toMatchObject({ kind: 'archive', id: 'n1' })
  })

  it('retry() runs exactly the action that failed, and dismissError() hides it', async () => {
    serve([note(1)], 500)
    const store = load({ apiUrl: API })
    await store.refresh()
    await store.markRead('n1')
    expect(store.error?.action).toBe('mark-read')
    serve([note(1)])
    await store.retry()
    expect(calls.filter((call) => call === 'read:n1')).toHaveLength(2)
    expect(calls.filter((call) => call === 'list')).toHaveLength(1)
    expect(store.error).toBeNull()
    expect(ids(store)).toEqual(['n1:read'])

    server.use(rest.get(API, () => HttpResponse.json({ message: 'down' }, { status: 503 })))
    await store.refresh()
    expect(store.error).toMatchObject({ kind: 'fetch', action: 'refresh', status: 503 })
    store.dismissError()
    expect(store.error).toBeNull()
  })
})

describe('read state in this browser', () => {
  it('keeps reads, read-all and archives without a request, per user, across reloads, until $reset', async () => {
    const storage = new MemoryStorage()
    serve([note(3), note(2), note(1)])
    const options = { endpoints: { list: API }, localState: { key: 'alice', storage } }
    const first = load(options)
    await first.refresh()
    await first.markRead('n2')
    await first.archive('n3')
    expect(ids(first)).toEqual(['n2:read', 'n1:unread'])
    expect(calls).toEqual(['list'])

    // Reload: the server still says everything is unread and holds n3.
    const second = load(options)
    await second.refresh()
    expect(ids(second)).toEqual(['n2:read', 'n1:unread'])
    expect(second.unreadCount).toBe(1)
    await second.markAllRead()
    expect(ids(second)).toEqual(['n2:read', 'n1:read'])

    // Another user on this browser has a state of their own.
    const bob = load({ ...options, localState: { key: 'bob', storage } })
    await bob.refresh()
    expect(ids(bob)).toEqual(['n3:unread', 'n2:unread', 'n1:unread'])

    const third = load(options)
    await third.refresh()
    expect(ids(third)).toEqual(['n2:read', 'n1:read'])
    third.$reset()
    const afterLogout = load(options)
    await afterLogout.refresh()
    expect(ids(afterLogout)).toEqual(['n3:unread', 'n2:unread', 'n1:unread'])
  })

  it('a stream-only inbox makes no request, takes text events, and shows what it received after a reload', async () => {
    const storage = new MemoryStorage()
    const options = { streamUrl: STREAM, stream: { EventSource: FakeEventSource }, localState: { storage } }
    const first = load(options)
    first.connect()
    FakeEventSource.latest.simulateOpen()
    FakeEventSource.latest.emit('message', 'Message #1')
    FakeEventSource.latest.emit('message', { message: 'New update at 10:00' })
    await delay(80)
    expect(first.items.map((item) => item.message)).toEqual(['New update at 10:00', 'Message #1'])
    expect(first.error).toBeNull()
    expect(first.hasMore).toBe(false)
    await first.markRead(first.items[1]!.id)
    await delay(1100)

    const second = load(options)
    expect(second.items.map((item) => `${item.message}:${item.readAt === null ? 'unread' : 'read'}`)).toEqual([
      'New update at 10:00:unread',
      'Message #1:read',
    ])
    expect(second.unreadCount).toBe(1)
    expect(calls).toEqual([])
  })
})

describe('new arrivals, seen and the filter', () => {
  it('onNew gets the unread items that arrived live, once per frame, not pages or replays', async () => {
    serve([note(1)])
    // The stream's own probe of a failed connection.
    server.use(rest.get(STREAM, () => new HttpResponse('', { headers: { 'Content-Type': 'text/event-stream' } })))
    const store = load({
      apiUrl: API,
      streamUrl: STREAM,
      stream: { EventSource: FakeEventSource, backoff: { initial: 10, max: 10, retry: 10, random: () => 0 } },
    })
    const batches: string[][] = []
    store.onNew((items) => batches.push(items.map((item) => item.id)))
    store.connect()
    FakeEventSource.latest.simulateOpen()
    await vi.waitFor(() => expect(store.loaded).toBe(true))
    const source = FakeEventSource.latest
    source.emit('notification', note(2), '2')
    source.emit('notification', note(3), '3')
    source.emit('notification', note(4, { readAt: iso(5) }), '4')
    // A repeat is not new.
    source.emit('notification', note(2), '2')
    await delay(80)
    expect(batches).toEqual([['n2', 'n3']])

    // Reconnected with a replay: what it brings is not news.
    source.failAndRetry()
    await vi.waitFor(() => expect(FakeEventSource.latest).not.toBe(source))
    const next = FakeEventSource.latest
    next.simulateOpen()
    next.emit('notifications.sync', { replayed: true })
    next.emit('notification', note(5), '5')
    await delay(80)
    expect(batches).toEqual([['n2', 'n3']])
    expect(store.items.map((item) => item.id)).toContain('n5')
  })

  it('counts unseen unread items until markSeen(), and filters the list', async () => {
    serve([note(3), note(2, { readAt: iso(4) }), note(1)])
    const store = load({ apiUrl: API, localState: { storage: new MemoryStorage() } })
    await store.refresh()
    expect(store.unseenCount).toBe(2)
    store.markSeen()
    expect(store.unseenCount).toBe(0)
    expect(store.unreadCount).toBe(2)
    store.filter = 'unread'
    expect(store.visibleItems.map((item) => item.id)).toEqual(['n3', 'n1'])
    store.filter = 'all'
    expect(store.visibleItems.map((item) => item.id)).toEqual(['n3', 'n2', 'n1'])
  })
})

describe('a stream that opens late', () => {
  it('loads the first page after a second, then checks the list again once the stream opens', async () => {
    serve([note(1)])
    const store = load({ apiUrl: API, streamUrl: STREAM, resumeTimeout: 50, stream: { EventSource: FakeEventSource } })
    store.connect()
    await delay(300)
    expect(calls).toEqual([])
    await vi.waitFor(() => expect(calls).toEqual(['list']), { timeout: 2000 })
    expect(store.items.map((item) => item.id)).toEqual(['n1'])
    // Published before the stream opened: not on the stream, so only the list can bring it.
    serve([note(2), note(1)])
    FakeEventSource.latest.simulateOpen()
    await vi.waitFor(() => expect(store.items.map((item) => item.id)).toEqual(['n2', 'n1']), { timeout: 2000 })
    expect(calls).toEqual(['list', 'list'])
  })
})

describe('stream failures', () => {
  it('tells a signed-out user apart from a connection problem', async () => {
    serve([])
    const store = load({ apiUrl: API, streamUrl: STREAM, stream: { EventSource: FakeEventSource } })
    store.connect()
    FakeEventSource.latest.failAndClose(401)
    await vi.waitFor(() => expect(store.error).toMatchObject({ kind: 'signed-out', action: 'stream', status: 401 }))
  })
})
