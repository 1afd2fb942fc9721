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
const server = setupServer()
const reads: string[] = []

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
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

async function settle(): Promise<void> {
  await vi.waitFor(async () => {
    await flushMicrotasks()
    for (const store of stores) expect(store.loading).toBe(false)
  })
}

beforeEach(() => {
  locks = new FakeLockManager()
})

afterEach(() => {
  for (const store of stores.splice(0)) store.$reset()
})

describe('notification store in shared mode', () => {
  it('serves several tabs from one connection, each holding every notification once', async () => {
    const tabs = [openTab(), openTab(), openTab()]
    for (const tab of tabs) tab.connect()
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
    await settle()
    FakeEventSource.latest.simulateOpen()
    FakeEventSource.latest.emit('notification', note('a', 1), '1')
    FakeEventSource.latest.emit('notification', note('b', 2), '2')
    await settle()
    await first?.markRead('a')
    await settle()
    expect(reads).toEqual(['a'])
    expect(second?.items.find((item) => item.id === 'a')?.readAt).not.toBeNull()
    expect(second?.unreadCount).toBe(1)
  })

  it('empties the store and leaves the channel on disconnect (logout)', async () => {
    const tab = openTab()
    tab.connect()
    await settle()
    FakeEventSource.latest.simulateOpen()
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
    await settle()
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
})
