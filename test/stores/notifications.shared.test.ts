import axios from 'axios'
import { http as rest, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createPinia, setActivePinia } from 'pinia'
import { shallowRef } from 'vue'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { useNotificationStore } from '../../src/stores/notifications'
import { configureNotifications, type NotificationsOptions } from '../../src/stores/options'
import { FakeEventSource } from '../support/FakeEventSource'
import { FakeBroadcastChannel, FakeLockManager, flushMicrotasks } from '../support/FakeTabs'

const API = 'http://127.0.0.1:9/api/notifications'
/** The module the store loads on demand for shared mode (same specifier for `vi.doMock`). */
const SHARED_MODULE = '../../src/composables/useSharedEventStream'
const server = setupServer()
const reads: string[] = []

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' })
  // The store loads shared mode on demand; load it once here, so that in the
  // tests it is there by the time the REST answers are (`settle()`).
  await import(SHARED_MODULE)
})
beforeEach(() => {
  FakeEventSource.reset()
  FakeBroadcastChannel.reset()
  reads.length = 0
  server.use(
    rest.get(API, () => HttpResponse.json({ data: [], nextCursor: null, unreadCount: 0 })),
    rest.post(`${API}/:id/read`, ({ params }) => {
      reads.push(String(params.id))
      return HttpResponse.json({})
    }),
  )
})
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

type Store = ReturnType<typeof useNotificationStore>
let locks: FakeLockManager
const stores: Store[] = []

/** A browser tab: its own Pinia and store, sharing locks and channels with the other tabs. */
function openTab(shared: Partial<NonNullable<NotificationsOptions['shared']>> = {}): Store {
  const pinia = createPinia()
  setActivePinia(pinia)
  configureNotifications(pinia, {
    apiUrl: API,
    streamUrl: 'https://example.test/stream',
    http: axios.create(),
    warn: vi.fn(),
    stream: { EventSource: FakeEventSource, backoff: { initial: 10, random: () => 1 } },
    shared: { key: 'user-1', locks, BroadcastChannel: FakeBroadcastChannel, ...shared },
  })
  const store = useNotificationStore()
  stores.push(store)
  return store
}

const note = (id: string, at: number) => ({
  id,
  message: `message ${id}`,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, at)).toISOString(),
  readAt: null,
})

/** Lets pending work finish: requests, the on-demand load of shared mode, and the next published frame. */
async function settle(): Promise<void> {
  await vi.waitFor(async () => {
    await flushMicrotasks()
    await new Promise((resolve) => setTimeout(resolve, 20))
    for (const store of stores) expect(store.loading).toBe(false)
  })
}

beforeEach(() => {
  locks = new FakeLockManager()
})

/** Lets a held load of shared mode complete (see `holdSharedModule`). */
let releaseSharedModule: (() => Promise<void>) | undefined

afterEach(async () => {
  for (const store of stores.splice(0)) store.$reset()
  // Even after a failed test, so that no later load waits on this one.
  await releaseSharedModule?.()
  releaseSharedModule = undefined
  vi.doUnmock(SHARED_MODULE)
})

/** Holds back the store's on-demand load of shared mode until the returned function is called. */
function holdSharedModule(): () => Promise<void> {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  vi.doMock(SHARED_MODULE, async (importOriginal) => {
    await released
    return importOriginal()
  })
  releaseSharedModule = async () => {
    release()
    await import(SHARED_MODULE)
    await settle()
  }
  return releaseSharedModule
}

describe('notification store in shared mode', () => {
  it('serves several tabs from one connection, each holding every notification once', async () => {
    const tabs = [openTab(), openTab(), openTab()]
    for (const tab of tabs) tab.connect()
    await vi.waitFor(() => expect(FakeEventSource.live()).toHaveLength(1))
    await settle()
    expect(FakeEventSource.live()).toHaveLength(1)
    const source = FakeEventSource.latest
    source.simulateOpen()
    await settle()
    source.emit('notification', note('a', 1), '1')
    source.emit('notification', note('b', 2), '2')
    source.emit('notification', note('a', 1), '3')
    await settle()
    for (const tab of tabs) {
      expect(tab.items.map((item) => item.id)).toEqual(['b', 'a'])
      expect(tab.unreadCount).toBe(2)
      expect(tab.connection).toBe('open')
    }
  })

  it('syncs mark-as-read to the other tabs once the server accepted it', async () => {
    const [first, second] = [openTab(), openTab()]
    first?.connect()
    second?.connect()
    await vi.waitFor(() => expect(FakeEventSource.live()).toHaveLength(1))
    FakeEventSource.latest.simulateOpen()
    // The first page (empty) is loaded once the stream is open.
    await settle()
    FakeEventSource.latest.emit('notification', note('a', 1), '1')
    FakeEventSource.latest.emit('notification', note('b', 2), '2')
    await settle()
    expect(second?.unreadCount).toBe(2)
    await first?.markRead('a')
    await settle()
    expect(reads).toEqual(['a'])
    expect(second?.items.find((item) => item.id === 'a')?.readAt).toEqual(expect.any(String))
    expect(second?.unreadCount).toBe(1)
  })

  it('empties the store and leaves the channel on disconnect (logout)', async () => {
    const tab = openTab()
    tab.connect()
    await vi.waitFor(() => expect(FakeEventSource.live()).toHaveLength(1))
    FakeEventSource.latest.simulateOpen()
    await settle()
    FakeEventSource.latest.emit('notification', note('a', 1), '1')
    await settle()
    expect(tab.items).toHaveLength(1)
    tab.disconnect()
    expect(tab.items).toEqual([])
    expect(tab.connection).toBe('idle')
    expect(FakeBroadcastChannel.open.size).toBe(0)
    expect(FakeEventSource.live()).toHaveLength(0)
  })

  it('reads the user key at each connect, so the next account gets its own channel', async () => {
    const user = shallowRef('alice')
    const tab = openTab({ key: () => user.value })
    tab.connect()
    await settle()
    tab.disconnect()
    user.value = 'bob'
    tab.connect()
    await vi.waitFor(() => expect(FakeEventSource.live()).toHaveLength(1))
    const names = [...FakeBroadcastChannel.open].map((channel) => channel.name)
    expect(names).toEqual(['vue-sse-notifications:bob'])
  })

  it('refuses to share a stream without a user key', async () => {
    const tab = openTab({ key: () => '' })
    tab.connect()
    await settle()
    expect(tab.error?.kind).toBe('stream')
    expect(tab.error?.message).toMatch(/shared\.key/)
    expect(FakeEventSource.instances).toHaveLength(0)
  })

  it('reports connecting while shared mode loads, then opens the stream', async () => {
    const release = holdSharedModule()
    const tab = openTab()
    tab.connect()
    await settle()
    expect(tab.connection).toBe('connecting')
    expect(FakeEventSource.instances).toHaveLength(0)
    await release()
    expect(FakeEventSource.live()).toHaveLength(1)
    FakeEventSource.latest.simulateOpen()
    expect(tab.connection).toBe('open')
  })

  it('opens nothing when disconnect() comes before shared mode has loaded, and still empties the store', async () => {
    server.use(rest.get(API, () => HttpResponse.json({ data: [note('a', 1)], nextCursor: null })))
    const release = holdSharedModule()
    const tab = openTab()
    tab.connect()
    // The first page waits for the stream; here it is loaded by hand while shared mode loads.
    await tab.refresh()
    expect(tab.items).toHaveLength(1)
    tab.disconnect()
    expect(tab.items).toEqual([])
    expect(tab.connection).toBe('idle')
    await release()
    expect(FakeEventSource.instances).toHaveLength(0)
    expect(FakeBroadcastChannel.open.size).toBe(0)
    expect(tab.connection).toBe('idle')
    expect(tab.error).toBeNull()
  })

  it('opens nothing when $reset() comes before shared mode has loaded', async () => {
    const release = holdSharedModule()
    const tab = openTab()
    tab.connect()
    tab.$reset()
    await release()
    expect(FakeEventSource.instances).toHaveLength(0)
    expect(FakeBroadcastChannel.open.size).toBe(0)
    expect(tab.connection).toBe('idle')
  })

  it('opens one stream, for the new key, when the user changes before shared mode has loaded', async () => {
    const release = holdSharedModule()
    const user = shallowRef('alice')
    const tab = openTab({ key: () => user.value })
    tab.connect()
    tab.connect() // already connecting: no second load
    tab.disconnect()
    user.value = 'bob'
    tab.connect()
    await release()
    expect([...FakeBroadcastChannel.open].map((channel) => channel.name)).toEqual(['vue-sse-notifications:bob'])
    expect(FakeEventSource.instances).toHaveLength(1)
    FakeEventSource.latest.simulateOpen()
    expect(tab.connection).toBe('open')
  })

  it('reports a failed load of shared mode as a stream error', async () => {
    vi.doMock(SHARED_MODULE, () => {
      throw new Error('chunk unavailable')
    })
    const tab = openTab()
    tab.connect()
    await vi.waitFor(() => expect(tab.error?.kind).toBe('stream'))
    expect(tab.error?.message).toMatch(/shared mode failed to load/)
    expect(tab.error?.cause).toBeInstanceOf(Error)
    expect(tab.connection).toBe('idle')
    expect(FakeEventSource.instances).toHaveLength(0)
    // A successful REST answer does not hide that there is no live feed.
    await settle()
    expect(tab.error?.kind).toBe('stream')
  })
})
