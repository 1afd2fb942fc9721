import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createCorsPolicy, type CorsOptions } from './cors.js'
import type { EventStream, RetryRange } from './eventStream.js'
import { DEFAULT_HEARTBEAT_INTERVAL_MS, DEFAULT_MAX_BUFFERED_BYTES, resolveRetryRange } from './eventStream.js'
import { ROUTE_METHODS, decodeCursor, encodeCursor, matchRoute, parseLimit, sendError, sendJson, type Route } from './http.js'
import { createMemoryStorage } from './memoryStorage.js'
import { NotificationServerError } from './NotificationServerError.js'
import { resumePoint, serveNotificationStream } from './notificationStream.js'
import { toIso, toNotification, type ServerNotification } from './records.js'
import { prepareNotification, type PublishOptions } from './publishInput.js'
import type { NotificationStorage } from './storage.js'

/** What `authenticate` may return: the user's id, or nothing for a 401. */
export type AuthenticateResult = string | null | undefined

export interface NotificationServerOptions<TRequest extends IncomingMessage = IncomingMessage> {
  /**
   * Tells who sent the request: the user's id, or `null`/`undefined` to answer
   * 401. Runs for every request of the API, the stream included (EventSource
   * sends cookies, not custom headers). Throw a `NotificationServerError` for
   * another status, e.g. 403.
   */
  authenticate: (req: TRequest) => AuthenticateResult | Promise<AuthenticateResult>
  /** Path of the list; the other routes are below it. @default '/notifications' */
  basePath?: string
  /** Where notifications and the replay logs live. @default createMemoryStorage() */
  storage?: NotificationStorage
  /** Interval of the `ping` event on streams; 0 disables it. @default 20000 */
  heartbeatIntervalMs?: number
  /** Range of the randomised `retry:` of each stream, in ms. @default { minMs: 1000, maxMs: 4000 } */
  retry?: RetryRange
  /** A stream whose unsent output exceeds this many bytes is dropped (the client resumes later). @default 1048576 */
  maxBufferedBytes?: number
  /** Items per page when the request has no `limit`. @default 20 */
  pageSize?: number
  /** Largest `limit` honoured; larger ones are capped. @default 100 */
  maxPageSize?: number
  /** Cross-origin access. @default undefined (no CORS headers: same origin only) */
  cors?: CorsOptions
  /** Id of a published notification that brings none. @default crypto.randomUUID */
  createId?: () => string
  /** Clock, in epoch ms. @default Date.now */
  now?: () => number
  /** Receives unexpected errors (answered 500, or a stream that could not start). @default console.error */
  onError?: (error: unknown, req: IncomingMessage | undefined) => void
}

/** `GET {basePath}` answer. */
export interface NotificationPage<TBody extends object = Record<string, unknown>> {
  data: ServerNotification<TBody>[]
  nextCursor: string | null
  unreadCount: number
}

export interface NotificationServerStats {
  /** Streams open now. */
  connections: number
  /** Streams accepted since the server was created. */
  acceptedConnections: number
  /** Streams dropped because their client read too slowly. */
  backpressureDrops: number
}

export interface NotificationServer<TBody extends object = Record<string, unknown>, TRequest extends IncomingMessage = IncomingMessage> {
  /**
   * `node:http` handler and connect/Express middleware: answers the routes
   * below `basePath` and passes other requests to `next` (404 without it).
   */
  handle(req: TRequest, res: ServerResponse, next?: (error?: unknown) => void): Promise<void>
  /** Stores a notification for `userId` and sends it to the user's streams. */
  publish(userId: string, notification: TBody & { id?: string }, options?: PublishOptions): Promise<ServerNotification<TBody>>
  /** Marks one read (once) and broadcasts `notification.read`; `undefined` for an unknown id. */
  markRead(userId: string, id: string): Promise<ServerNotification<TBody> | undefined>
  /** Marks one unread again and broadcasts `notification.read` with `readAt: null`. */
  markUnread(userId: string, id: string): Promise<ServerNotification<TBody> | undefined>
  /** Marks every unread item read at one time T, broadcasts `notifications.read-all`; returns T (ISO). */
  markAllRead(userId: string): Promise<string>
  /** Deletes one and broadcasts `notification.deleted`; false for an unknown id. */
  remove(userId: string, id: string): Promise<boolean>
  get(userId: string, id: string): Promise<ServerNotification<TBody> | undefined>
  /** One page, newest first, as `GET {basePath}` answers it. */
  list(userId: string, query?: { limit?: number; cursor?: string | null }): Promise<NotificationPage<TBody>>
  /** Sends an event of the app's own to the user's streams (logged for replay); returns its id. */
  broadcast(userId: string, event: string, data: unknown): Promise<string>
  /** Ends the open streams (of one user, or all); clients reconnect and resume. Returns how many. */
  dropConnections(userId?: string): number
  stats(): NotificationServerStats
  /** Ends every stream; closes the storage when it is the default one. */
  close(): Promise<void>
}

/** The contract's REST routes and stream as one handler, with helpers for the app. */
export function createNotificationServer<TBody extends object = Record<string, unknown>, TRequest extends IncomingMessage = IncomingMessage>(
  options: NotificationServerOptions<TRequest>,
): NotificationServer<TBody, TRequest> {
  if (typeof options?.authenticate !== 'function') {
    throw new TypeError('createNotificationServer: authenticate(req) is required; it returns the id of the signed-in user')
  }
  const basePath = `/${(options.basePath ?? '/notifications').replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '')
  const ownsStorage = options.storage === undefined
  const storage = options.storage ?? createMemoryStorage()
  const streamOptions = {
    retry: resolveRetryRange(options.retry),
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS,
    maxBufferedBytes: options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
  }
  const pageSize = positiveInteger('pageSize', options.pageSize ?? 20)
  const maxPageSize = positiveInteger('maxPageSize', options.maxPageSize ?? 100)
  const cors = options.cors ? createCorsPolicy(options.cors) : undefined
  const createId = options.createId ?? randomUUID
  const now = options.now ?? Date.now
  const onError = options.onError ?? ((error: unknown) => console.error('[vue-sse-notifications/server]', error))
  const streams = new Map<EventStream, string>()
  const counters = { acceptedConnections: 0, backpressureDrops: 0 }

  async function list(userId: string, query: { limit?: number; cursor?: string | null } = {}): Promise<NotificationPage<TBody>> {
    const limit = Math.min(maxPageSize, positiveInteger('limit', query.limit ?? pageSize))
    const before = query.cursor ? decodeCursor(query.cursor) : undefined
    const page = await storage.page(userId, { limit, ...(before ? { before } : {}) })
    const last = page.records.at(-1)
    return {
      data: page.records.map((record) => toNotification<TBody>(record)),
      nextCursor: page.hasMore && last ? encodeCursor(last) : null,
      unreadCount: page.unreadCount,
    }
  }

  const server: NotificationServer<TBody, TRequest> = {
    async handle(req, res, next) {
      const url = new URL((req as { originalUrl?: string }).originalUrl ?? req.url ?? '/', 'http://localhost')
      const path = url.pathname.replace(/\/+$/, '')
      if (path !== basePath && !path.startsWith(`${basePath}/`)) {
        if (next) next()
        else sendJson(res, 404, { error: 'not_found', message: `no route for ${req.method} ${url.pathname}` })
        return
      }
      const corsHeaders = cors?.headersFor(req) ?? {}
      try {
        const route = matchRoute(path.slice(basePath.length))
        if (!route) throw new NotificationServerError(404, 'not_found', `no route for ${req.method} ${url.pathname}`)
        const methods = ROUTE_METHODS[route.kind]
        if (req.method === 'OPTIONS' && cors) {
          const preflight = cors.preflightFor(req, methods)
          res.writeHead(204, preflight ?? corsHeaders)
          res.end()
          return
        }
        if (!methods.includes(req.method ?? 'GET')) {
          throw new NotificationServerError(405, 'method_not_allowed', `${req.method} is not allowed here`, { Allow: methods.join(', ') })
        }
        const userId = signedInUser(await options.authenticate(req))
        if (route.kind === 'stream') await openStream(req, res, url, userId, corsHeaders)
        else sendJson(res, ...(await answer(route, req.method ?? 'GET', userId, url)), corsHeaders)
      } catch (error) {
        if (!(error instanceof NotificationServerError)) onError(error, req)
        if (res.headersSent) res.destroy()
        else sendError(res, error, corsHeaders)
      }
    },

    async publish(userId, notification, publishOptions = {}) {
      const prepared = prepareNotification(notification, publishOptions, createId)
      return toNotification<TBody>(await storage.create(checkUserId(userId), prepared, now()))
    },
    async markRead(userId, id) {
      const record = await storage.markRead(checkUserId(userId), id, now())
      return record && toNotification<TBody>(record)
    },
    async markUnread(userId, id) {
      const record = await storage.markUnread(checkUserId(userId), id, now())
      return record && toNotification<TBody>(record)
    },
    async markAllRead(userId) {
      return toIso(await storage.markAllRead(checkUserId(userId), now()))
    },
    async remove(userId, id) {
      return storage.remove(checkUserId(userId), id)
    },
    async get(userId, id) {
      const record = await storage.get(checkUserId(userId), id)
      return record && toNotification<TBody>(record)
    },
    async list(userId, query) {
      return list(checkUserId(userId), query)
    },
    async broadcast(userId, event, data) {
      if (typeof event !== 'string' || !/^[^\r\n\0]+$/.test(event)) throw new TypeError(`invalid event name: ${JSON.stringify(event)}`)
      const json = JSON.stringify(data)
      if (json === undefined) throw new TypeError('broadcast: data must be JSON-serialisable')
      return storage.append(checkUserId(userId), event, json)
    },
    dropConnections(userId) {
      let dropped = 0
      for (const [stream, owner] of [...streams]) {
        if (userId !== undefined && owner !== userId) continue
        stream.close()
        dropped++
      }
      return dropped
    },
    stats: () => ({ connections: streams.size, ...counters }),
    async close() {
      server.dropConnections()
      if (ownsStorage) await storage.close()
    },
  }

  async function openStream(req: IncomingMessage, res: ServerResponse, url: URL, userId: string, corsHeaders: Record<string, string>) {
    const stream = await serveNotificationStream(
      { req, res, userId, storage, stream: { ...streamOptions, headers: corsHeaders } },
      resumePoint(req, url),
    )
    if (!stream) return
    counters.acceptedConnections++
    streams.set(stream, userId)
    stream.onClose((reason) => {
      streams.delete(stream)
      if (reason === 'backpressure') counters.backpressureDrops++
    })
  }

  async function answer(route: Exclude<Route, { kind: 'stream' }>, method: string, userId: string, url: URL): Promise<[number, unknown]> {
    const notFound = (id: string) => new NotificationServerError(404, 'not_found', `no notification with id ${JSON.stringify(id)}`)
    switch (route.kind) {
      case 'list': {
        const limit = parseLimit(url.searchParams.get('limit'), pageSize, maxPageSize)
        return [200, await list(userId, { limit, cursor: url.searchParams.get('cursor') })]
      }
      case 'readAll':
        return [200, { readAt: await server.markAllRead(userId) }]
      case 'item': {
        if (method === 'DELETE') {
          if (!(await server.remove(userId, route.id))) throw notFound(route.id)
          return [200, { id: route.id }]
        }
        const found = await server.get(userId, route.id)
        if (!found) throw notFound(route.id)
        return [200, found]
      }
      case 'read':
      case 'unread': {
        const changed = route.kind === 'read' ? await server.markRead(userId, route.id) : await server.markUnread(userId, route.id)
        if (!changed) throw notFound(route.id)
        return [200, changed]
      }
    }
  }

  return server
}

/** The user `authenticate` found; nobody is a 401. */
function signedInUser(result: AuthenticateResult): string {
  if (result === null || result === undefined) {
    throw new NotificationServerError(401, 'unauthorized', 'sign in to see your notifications')
  }
  return checkUserId(result)
}

/** Ids of users become part of storage keys: a non-empty string of at most 256 characters. */
function checkUserId(userId: string): string {
  if (typeof userId !== 'string' || userId === '' || userId.length > 256) {
    throw new TypeError(`a user id must be a non-empty string of at most 256 characters, got ${JSON.stringify(userId)}`)
  }
  return userId
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer, got ${value}`)
  return value
}
