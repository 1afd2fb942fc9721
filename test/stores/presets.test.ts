import axios from 'axios'
import { http as rest, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createPinia, setActivePinia } from 'pinia'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { useNotificationStore } from '../../src/stores/notifications'
import { configureNotifications, type NotificationsOptions } from '../../src/stores/options'
import { laravelNotifications, listAndStream, streamOnly } from '../../src/stores/presets'

const API = 'http://127.0.0.1:9/api/notifications'
const server = setupServer()
const calls: string[] = []
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  calls.length = 0
  server.resetHandlers()
})
afterAll(() => server.close())

function load(options: NotificationsOptions) {
  const pinia = createPinia()
  setActivePinia(pinia)
  configureNotifications(pinia, { http: axios.create(), warn: vi.fn(), localState: { storage: null }, ...options })
  return useNotificationStore()
}

describe('presets', () => {
  it('laravelNotifications reads DatabaseNotifications from a cursor paginator and PATCHes one read', async () => {
    server.use(
      rest.get(API, ({ request }) => {
        calls.push(`GET ${new URL(request.url).search}`)
        return HttpResponse.json({
          data: [
            {
              id: '9b3c',
              type: 'App\\Notifications\\InvoicePaid',
              data: { title: 'Invoice paid', message: 'Invoice #12 was paid.', url: '/invoices/12' },
              read_at: null,
              created_at: '2026-01-01T10:00:00.000000Z',
            },
          ],
          next_cursor: null,
        })
      }),
      rest.patch(`${API}/:id/read`, ({ params }) => {
        calls.push(`PATCH ${String(params.id)}`)
        return new HttpResponse(null, { status: 204 })
      }),
    )
    const store = load(laravelNotifications({ apiUrl: API, markReadMethod: 'patch', readAll: false }))
    expect(store.capabilities).toMatchObject({ markRead: 'server', markAllRead: false, archive: false })
    await store.refresh()
    expect(store.items).toEqual([
      { id: '9b3c', title: 'Invoice paid', message: 'Invoice #12 was paid.', link: '/invoices/12', createdAt: '2026-01-01T10:00:00.000Z', readAt: null },
    ])
    await store.markRead('9b3c')
    expect(calls).toEqual(['GET ?limit=20', 'PATCH 9b3c'])
    expect(store.unreadCount).toBe(0)
  })

  it('listAndStream keeps read state locally and does not take items beyond the latest for deleted', async () => {
    const options = listAndStream({ listUrl: API, streamUrl: 'http://127.0.0.1:9/stream', event: 'new-notification' })
    expect(options).toMatchObject({ readState: 'local', reconcileDeletions: false, events: { notification: 'new-notification' } })
    server.use(rest.get(API, () => HttpResponse.json([{ _id: 'a1', message: 'Hello', created_at: '2026-01-01T10:00:00Z' }])))
    const store = load(options)
    await store.refresh()
    await store.markRead('a1')
    expect(store.items[0]).toMatchObject({ id: 'a1', message: 'Hello' })
    expect(store.items[0]!.readAt).not.toBeNull()
  })

  it('streamOnly turns a payload into the message it is given', () => {
    const options = streamOnly('/stream', { message: (payload) => `Server time: ${(payload as { time: string }).time}` })
    const item = options.normalize!({ time: '12:00:05' }, { source: 'stream', fallbackId: 'e1', receivedAt: '2026-01-01T00:00:00.000Z' })
    expect(item).toMatchObject({ id: 'e1', message: 'Server time: 12:00:05' })
    expect(streamOnly('/stream')).toEqual({ streamUrl: '/stream', events: { notification: 'notification' } })
  })
})
