import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'

/** Base URLs the bell and part tests configure the store with. */
export const API = 'http://localhost:3000/api/notifications'
export const STREAM = 'http://localhost:3000/api/stream'

export type Raw = Record<string, unknown>

export const minutesAgo = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString()

/** Notification `n${n}`, unread, created `n + 1` minutes ago. */
export function raw(n: number, extra: Raw = {}): Raw {
  return {
    id: `n${n}`,
    title: `Title ${n}`,
    message: `Message ${n}`,
    createdAt: new Date(Date.now() - (n + 1) * 60_000).toISOString(),
    readAt: null,
    ...extra,
  }
}

export const many = (count: number, extra: Raw = {}): Raw[] => Array.from({ length: count }, (_, i) => raw(i + 1, extra))

export interface ListOptions {
  gate?: Promise<void>
  status?: number
  unreadCount?: number
}

/**
 * The notifications REST API on msw: `calls` logs every request
 * (`list:?query`, `read:<id>`, `unread:<id>`, `archive:<id>`, `read-all`); `serveList` sets the list answer.
 */
export function createNotificationsApi() {
  const calls: string[] = []
  const server = setupServer(
    http.post(`${API}/read-all`, () => {
      calls.push('read-all')
      return new HttpResponse(null, { status: 204 })
    }),
    http.post(`${API}/:id/read`, ({ params }) => {
      calls.push(`read:${String(params.id)}`)
      return new HttpResponse(null, { status: 204 })
    }),
    http.post(`${API}/:id/unread`, ({ params }) => {
      calls.push(`unread:${String(params.id)}`)
      return new HttpResponse(null, { status: 204 })
    }),
    http.delete(`${API}/:id`, ({ params }) => {
      calls.push(`archive:${String(params.id)}`)
      return new HttpResponse(null, { status: 204 })
    }),
  )

  function serveList(all: Raw[], options: ListOptions = {}): void {
    server.use(
      http.get(API, async ({ request }) => {
        calls.push(`list:${new URL(request.url).search}`)
        if (options.gate) await options.gate
        if (options.status) return HttpResponse.json({ message: 'boom' }, { status: options.status })
        const url = new URL(request.url)
        const limit = Number(url.searchParams.get('limit') ?? 20)
        const from = Number(url.searchParams.get('cursor') ?? 0)
        const end = from + limit
        return HttpResponse.json({
          data: all.slice(from, end),
          nextCursor: end < all.length ? String(end) : null,
          ...(options.unreadCount === undefined ? {} : { unreadCount: options.unreadCount }),
        })
      }),
    )
  }

  return { server, calls, serveList }
}

export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void
  const promise = new Promise<void>((resolve) => {
    open = resolve
  })
  return { promise, open }
}
