import { http, HttpResponse, sse, type ServerSentEventResolverExtras } from 'msw'
import { setupWorker } from 'msw/browser'
import type { NotificationItem } from 'vue-sse-notifications'

type StreamClient = ServerSentEventResolverExtras<Record<string, unknown>, Record<string, never>>['client']

export interface MockBackend {
  /** Base URL of the mocked REST API; the notification stream is `${apiUrl}/stream`. */
  apiUrl: string
  /** A stream of unnamed events `{ now }`, one per second. */
  clockUrl: string
  /** Creates a notification and sends it down every open notification stream. */
  publish(message: string, title?: string): void
  stop(): void
}

const SEED: readonly Pick<NotificationItem, 'title' | 'message'>[] = [
  { title: 'Deploy finished', message: 'Version 2.3.1 is live in production.' },
  { title: 'New comment', message: 'Ada replied to your review.' },
  { title: 'Invoice paid', message: 'Invoice #1042 was paid.' },
]

/**
 * The server contract, in the browser: msw's service worker answers the
 * example's requests, so the live example needs no server.
 */
export async function startMockBackend(siteBase: string): Promise<MockBackend> {
  const apiUrl = `${siteBase}mock-api/notifications`
  const clockUrl = `${siteBase}mock-api/clock`
  const items: NotificationItem[] = []
  const streams = new Set<StreamClient>()
  const clockTimers = new Set<ReturnType<typeof setInterval>>()
  let sequence = 0
  let eventId = 0

  function broadcast(event: string, data: unknown): void {
    eventId += 1
    for (const client of streams) client.send({ id: String(eventId), event, data })
  }

  function create(title: string | undefined, message: string, createdAt = new Date()): NotificationItem {
    sequence += 1
    const time = createdAt.toISOString()
    const item: NotificationItem = { id: String(sequence), title, message, createdAt: time, readAt: null, updatedAt: time }
    items.unshift(item)
    return item
  }
  // Ten minutes apart, the newest ten minutes ago.
  SEED.forEach(({ title, message }, index) => create(title, message, new Date(Date.now() - (SEED.length - index) * 600_000)))

  function markRead(item: NotificationItem, readAt: string): void {
    item.readAt = readAt
    item.updatedAt = readAt
  }

  const worker = setupWorker(
    sse(`${apiUrl}/stream`, ({ client }) => {
      streams.add(client)
      // This mock keeps no event log: it never replays, and says so.
      client.send({ event: 'notifications.sync', data: { replayed: false } })
    }),
    http.get(apiUrl, ({ request }) => {
      const query = new URL(request.url).searchParams
      const limit = Number(query.get('limit') ?? 20)
      const start = query.get('cursor') ? items.findIndex((item) => item.id === query.get('cursor')) + 1 : 0
      const data = items.slice(start, start + limit)
      const last = data.at(-1)
      const nextCursor = last && start + limit < items.length ? last.id : null
      const unreadCount = items.filter((item) => item.readAt === null).length
      return HttpResponse.json({ data, nextCursor, unreadCount })
    }),
    http.post(`${apiUrl}/read-all`, () => {
      const readAt = new Date().toISOString()
      for (const item of items) if (item.readAt === null && item.createdAt <= readAt) markRead(item, readAt)
      broadcast('notifications.read-all', { readAt })
      return HttpResponse.json({ readAt })
    }),
    http.post(`${apiUrl}/:id/read`, ({ params }) => {
      const item = items.find((candidate) => candidate.id === params.id)
      if (!item) return HttpResponse.json({ error: 'not-found' }, { status: 404 })
      if (item.readAt === null) {
        markRead(item, new Date().toISOString())
        broadcast('notification.read', { id: item.id, readAt: item.readAt })
      }
      return HttpResponse.json(item)
    }),
    sse(clockUrl, ({ client }) => {
      const tick = () => client.send({ data: { now: new Date().toISOString() } })
      tick()
      clockTimers.add(setInterval(tick, 1000))
    }),
  )
  await worker.start({
    serviceWorker: { url: `${siteBase}mockServiceWorker.js` },
    onUnhandledRequest: 'bypass',
    quiet: true,
  })

  return {
    apiUrl,
    clockUrl,
    publish(message, title) {
      broadcast('notification', create(title, message))
    },
    // msw does not tell when a page closes an EventSource: the example stops everything when it unmounts.
    stop() {
      for (const timer of clockTimers) clearInterval(timer)
      clockTimers.clear()
      streams.clear()
      worker.stop()
    },
  }
}
