import axios from 'axios'
import { delay, http as rest, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { mount } from '@vue/test-utils'
import { createPinia, getActivePinia, setActivePinia } from 'pinia'
import { defineComponent } from 'vue'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createNotifications } from '../../src/plugin'
import { useNotificationStore } from '../../src/stores/notifications'
import { NotificationsError } from '../../src/stores/NotificationsError'
import { configureNotifications, type NotificationsOptions } from '../../src/stores/options'

const API = 'http://127.0.0.1:9/api/notifications'
const server = setupServer()

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

type Store = ReturnType<typeof useNotificationStore>

function iso(n: number): string {
  return new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString()
}

function note(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: `n${n}`, message: `m${n}`, createdAt: iso(n), readAt: null, ...extra }
}

function makeStore(extra: Partial<NotificationsOptions> = {}): { store: Store; warn: ReturnType<typeof vi.fn> } {
  const pinia = createPinia()
  setActivePinia(pinia)
  const warn = vi.fn()
  configureNotifications(pinia, { apiUrl: API, http: axios.create(), warn, ...extra })
  return { store: useNotificationStore(), warn }
}

function listRoute(handler: (url: URL) => Promise<Response> | Response): string[] {
  const seen: string[] = []
  server.use(
    rest.get(API, ({ request }) => {
      const url = new URL(request.url)
      seen.push(url.search)
      return handler(url)
    }),
  )
  return seen
}

describe('notification store over REST', () => {
  it('refresh() sorts newest first, uses the server unread count, and loadMore() follows the cursor', async () => {
    const seen = listRoute((url) =>
      url.searchParams.get('cursor') === 'c2'
        ? HttpResponse.json({ data: [note(2), note(1)], nextCursor: null })
        : HttpResponse.json({ data: [note(4), note(6), note(5, { readAt: iso(7) }), note(3)], nextCursor: 'c2', unreadCount: 5 }),
    )
    const { store } = makeStore()
    await store.refresh()
    expect(store.items.map((item) => item.id)).toEqual(['n6', 'n5', 'n4', 'n3'])
    expect(store.hasMore).toBe(true)
    expect(store.unreadCount).toBe(5)
    expect(seen).toEqual(['?limit=20'])

    await store.loadMore()
    expect(seen[1]).toBe('?limit=20&cursor=c2')
    expect(store.items.map((item) => item.id)).toEqual(['n6', 'n5', 'n4', 'n3', 'n2', 'n1'])
    expect(store.hasMore).toBe(false)
    // The two loaded unread items were part of the server's 5, not new ones.
    expect(store.unreadCount).toBe(5)
    await store.loadMore()
    expect(seen).toHaveLength(2)
  })

  it('shows its state to devtools and SSR, and a store hydrated from it picks up where it was', async () => {
    const seen = listRoute((url) =>
      url.searchParams.get('cursor') === 'c2'
        ? HttpResponse.json({ data: [note(2), note(1)], nextCursor: null, unreadCount: 4 })
        : HttpResponse.json({ data: [note(4), note(3)], nextCursor: 'c2', unreadCount: 4 }),
    )
    const { store } = makeStore()
    await store.refresh()
    const server = getActivePinia()!
    const state = server.state.value['vue-sse-notifications'] as { inbox: { items: { id: string }[] } }
    expect(state.inbox.items.map((item) => item.id)).toEqual(['n4', 'n3'])

    // What an SSR page sends to the browser, and the browser's Pinia created from it.
    const sent = JSON.stringify(server.state.value)
    const client = createPinia()
    client.state.value = JSON.parse(sent)
    setActivePinia(client)
    configureNotifications(client, { apiUrl: API, http: axios.create(), warn: () => {} })
    const hydrated = useNotificationStore()
    expect(hydrated.items.map((item) => item.id)).toEqual(['n4', 'n3'])
    expect(hydrated.unreadCount).toBe(4)
    expect(hydrated.hasMore).toBe(true)
    await hydrated.loadMore()
    expect(seen.at(-1)).toBe('?limit=20&cursor=c2')
    expect(hydrated.items.map((item) => item.id)).toEqual(['n4', 'n3', 'n2', 'n1'])
    expect(hydrated.hasMore).toBe(false)
  })

  it('is idempotent: the same page twice gives the same list', async () => {
    listRoute(() => HttpResponse.json({ data: [note(1), note(2), note(2)], nextCursor: null }))
    const { store } = makeStore()
    await store.refresh()
    await store.refresh()
    expect(store.items.map((item) => item.id)).toEqual(['n2', 'n1'])
    expect(store.unreadCount).toBe(2)
  })

  it('drops items a refresh proves deleted, unless reconcileDeletions is off', async () => {
    let page = [note(3), note(2), note(1)]
    listRoute(() => HttpResponse.json({ data: page, nextCursor: null, unreadCount: page.length }))
    const { store } = makeStore()
    await store.refresh()
    page = [note(3), note(1)]
    await store.refresh()
    expect(store.items.map((item) => item.id)).toEqual(['n3', 'n1'])
    expect(store.unreadCount).toBe(2)

    page = [note(3), note(2), note(1)]
    const { store: keeping } = makeStore({ reconcileDeletions: false })
    await keeping.refresh()
    page = [note(3)]
    await keeping.refresh()
    expect(keeping.items.map((item) => item.id)).toEqual(['n3', 'n2', 'n1'])
  })

  it('is loading during a slow request and coalesces concurrent refreshes', async () => {
    const seen = listRoute(async () => {
      await delay(120)
      return HttpResponse.json([note(1)])
    })
    const { store } = makeStore()
    const first = store.refresh()
    expect(store.loading).toBe(true)
    // Asked for before the first request went out: they share it.
    const same = store.refresh()
    await vi.waitFor(() => expect(seen).toHaveLength(1))
    // Asked for while it is in flight: one more request after it, shared by both.
    const second = store.refresh()
    const third = store.refresh()
    await Promise.all([first, same, second, third])
    expect(store.loading).toBe(false)
    expect(seen).toHaveLength(2)
    expect(store.items).toHaveLength(1)
  })

  it('reports a 500 as a fetch error, keeps the items, and clears it on the next success', async () => {
    let fail = false
    listRoute(() => (fail ? HttpResponse.json({ message: 'down' }, { status: 500 }) : HttpResponse.json([note(1)])))
    const { store } = makeStore()
    await store.refresh()
    fail = true
    await store.refresh()
    expect(store.error).toBeInstanceOf(NotificationsError)
    expect(store.error).toMatchObject({ kind: 'fetch', status: 500 })
    expect(store.items.map((item) => item.id)).toEqual(['n1'])
    expect(store.loading).toBe(false)
    fail = false
    await store.refresh()
    expect(store.error).toBeNull()
  })

  it('markRead() is optimistic and rolled back when the request fails', async () => {
    listRoute(() => HttpResponse.json([note(1), note(2)]))
    let status = 500
    const posted: string[] = []
    server.use(
      rest.post(`${API}/:id/read`, async ({ params }) => {
        posted.push(String(params.id))
        await delay(60)
        return status === 200 ? HttpResponse.json({ ok: true }) : HttpResponse.json({}, { status })
      }),
    )
    const { store } = makeStore()
    await store.refresh()
    const pending = store.markRead('n1')
    expect(store.items.find((item) => item.id === 'n1')?.readAt).not.toBeNull()
    expect(store.unreadCount).toBe(1)
    await pending
    expect(store.items.find((item) => item.id === 'n1')?.readAt).toBeNull()
    expect(store.unreadCount).toBe(2)
    expect(store.error).toMatchObject({ kind: 'mark-read', id: 'n1', status: 500 })

    status = 200
    await store.markRead('n1')
    expect(store.items.find((item) => item.id === 'n1')?.readAt).not.toBeNull()
    expect(store.unreadCount).toBe(1)
    expect(store.error).toBeNull()
    await store.markRead('n1')
    expect(posted).toEqual(['n1', 'n1'])
  })

  it('a refresh answered during a pending markRead does not undo it', async () => {
    listRoute(() => HttpResponse.json([note(1), note(2)]))
    server.use(
      rest.post(`${API}/:id/read`, async () => {
        await delay(80)
        return HttpResponse.json({ ok: true })
      }),
    )
    const { store } = makeStore()
    await store.refresh()
    const marking = store.markRead('n2')
    await store.refresh()
    expect(store.items[0]?.readAt).not.toBeNull()
    await marking
    expect(store.unreadCount).toBe(1)
  })

  it('markAllRead() is optimistic, includes unread items not loaded yet, and rolls back on failure', async () => {
    listRoute(() => HttpResponse.json({ data: [note(1), note(2), note(3, { readAt: iso(9) })], nextCursor: 'more', unreadCount: 10 }))
    let ok = false
    server.use(
      rest.post(`${API}/read-all`, async () => {
        await delay(60)
        return ok ? HttpResponse.json({ ok: true }) : HttpResponse.json({}, { status: 503 })
      }),
    )
    const { store } = makeStore()
    await store.refresh()
    expect(store.unreadCount).toBe(10)
    const failing = store.markAllRead()
    expect(store.unreadCount).toBe(0)
    expect(store.items.every((item) => item.readAt !== null)).toBe(true)
    await failing
    expect(store.unreadCount).toBe(10)
    expect(store.items.filter((item) => item.readAt === null).map((item) => item.id)).toEqual(['n2', 'n1'])
    expect(store.error).toMatchObject({ kind: 'mark-all-read', status: 503 })
    expect(store.items.find((item) => item.id === 'n3')?.readAt).toBe(iso(9))

    ok = true
    await store.markAllRead()
    expect(store.unreadCount).toBe(0)
    expect(store.error).toBeNull()
  })

  it('never lets the unread count go negative or below what it holds', async () => {
    listRoute(() => HttpResponse.json({ data: [note(1), note(2)], nextCursor: null, unreadCount: 0 }))
    const { store } = makeStore()
    await store.refresh()
    expect(store.unreadCount).toBe(2)
  })

  it('accepts a Laravel cursor paginator of DatabaseNotifications', async () => {
    const laravel = (n: number, readAt: string | null) => ({
      id: `9b1c-${n}`,
      type: 'App\\Notifications\\InvoicePaid',
      notifiable_type: 'App\\Models\\User',
      notifiable_id: 1,
      data: { title: `Invoice ${n}`, message: `Invoice ${n} was paid`, url: `/invoices/${n}` },
      read_at: readAt,
      created_at: iso(n).replace('.000Z', '.000000Z'),
      updated_at: iso(n),
    })
    const seen = listRoute((url) =>
      url.searchParams.get('cursor')
        ? HttpResponse.json({ data: [laravel(1, null)], next_cursor: null, next_page_url: null, per_page: 2 })
        : HttpResponse.json({ data: [laravel(3, null), laravel(2, iso(5))], next_cursor: 'eyJpZCI6Mn0', per_page: 2 }),
    )
    const { store } = makeStore()
    await store.refresh()
    expect(store.items[0]).toEqual({
      id: '9b1c-3',
      title: 'Invoice 3',
      message: 'Invoice 3 was paid',
      link: '/invoices/3',
      createdAt: iso(3),
      readAt: null,
      updatedAt: iso(3),
    })
    expect(store.items[1]?.readAt).toBe(iso(5))
    await store.loadMore()
    expect(seen[1]).toBe('?limit=20&cursor=eyJpZCI6Mn0')
    expect(store.items.map((item) => item.id)).toEqual(['9b1c-3', '9b1c-2', '9b1c-1'])
    expect(store.hasMore).toBe(false)
  })

  it('drops an item without an id with a warning and keeps the rest', async () => {
    listRoute(() => HttpResponse.json([note(1), { message: 'anonymous', createdAt: iso(2) }, note(3)]))
    const { store, warn } = makeStore()
    await store.refresh()
    expect(store.items.map((item) => item.id)).toEqual(['n3', 'n1'])
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no id'), expect.objectContaining({ message: 'anonymous' }))
    expect(store.error).toBeNull()
  })

  it('uses a custom normaliser, endpoints, query names and methods', async () => {
    const seen = listRoute(() => HttpResponse.json({ items: [{ key: 7, text: 'custom', at: iso(1) }], nextCursor: null }))
    const patched: string[] = []
    server.use(
      rest.patch('http://127.0.0.1:9/custom/:id/seen', ({ params }) => {
        patched.push(String(params.id))
        return HttpResponse.json({})
      }),
    )
    const { store } = makeStore({
      pageSize: 5,
      query: { limit: 'per_page', cursor: 'after' },
      normalize: (raw) => {
        const value = raw as { key: number; text: string; at: string }
        return { id: String(value.key), message: value.text, createdAt: value.at, readAt: null }
      },
      endpoints: { markRead: 'http://127.0.0.1:9/custom/:id/seen', markReadMethod: 'patch' },
    })
    await store.refresh()
    expect(seen).toEqual(['?per_page=5'])
    expect(store.items).toEqual([{ id: '7', message: 'custom', createdAt: iso(1), readAt: null }])
    await store.markRead('7')
    expect(patched).toEqual(['7'])
    expect(store.unreadCount).toBe(0)
  })

  it('caps retained items at maxItems and counts the dropped unread ones', async () => {
    listRoute(() => HttpResponse.json({ data: [1, 2, 3, 4, 5].map((n) => note(n)), nextCursor: 'x' }))
    const { store } = makeStore({ maxItems: 3 })
    await store.refresh()
    expect(store.items.map((item) => item.id)).toEqual(['n5', 'n4', 'n3'])
    expect(store.truncated).toBe(true)
    expect(store.hasMore).toBe(false)
    expect(store.unreadCount).toBe(5)
  })

  it('$reset() empties the store and ignores answers to earlier requests', async () => {
    listRoute(async () => {
      await delay(80)
      return HttpResponse.json([note(1)])
    })
    const { store } = makeStore()
    const pending = store.refresh()
    store.$reset()
    expect(store.loading).toBe(false)
    await pending
    await delay(20)
    expect(store.items).toEqual([])
    expect(store.connection).toBe('idle')
    await store.refresh()
    expect(store.items).toHaveLength(1)
  })

  it('is configured by the createNotifications plugin inside an app', async () => {
    listRoute(() => HttpResponse.json([note(1)]))
    const pinia = createPinia()
    const Probe = defineComponent({
      setup() {
        return { store: useNotificationStore() }
      },
      render: () => null,
    })
    const wrapper = mount(Probe, {
      global: { plugins: [pinia, createNotifications({ apiUrl: API, http: axios.create(), warn: () => {} })] },
    })
    await wrapper.vm.store.refresh()
    expect(wrapper.vm.store.items.map((item) => item.id)).toEqual(['n1'])
    wrapper.unmount()
  })

  it('warns when unconfigured, and then makes no request and throws nothing', async () => {
    setActivePinia(createPinia())
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const store = useNotificationStore()
    expect(spy).toHaveBeenCalledWith(expect.stringContaining('not configured'))
    await store.refresh()
    await store.loadMore()
    expect(store.error).toBeNull()
    expect(store.loading).toBe(false)
    store.connect()
    expect(store.connection).toBe('idle')
    spy.mockRestore()
  })
})
