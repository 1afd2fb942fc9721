import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { EventSource } from 'eventsource'
import { Redis } from 'ioredis'
import { createMemoryStorage, createNotificationServer, createRedisStorage } from '../../../src/server'
import type { NotificationServer, NotificationServerOptions, NotificationStorage } from '../../../src/server'

export type Body = { message: string; title?: string }

export interface RunningKit {
  kit: NotificationServer<Body>
  /** Origin, e.g. `http://127.0.0.1:41234`. */
  origin: string
  /** `origin` + base path. */
  api: string
  httpServer: Server
  close(): Promise<void>
}

/** The user of a test request: the `user` query parameter (EventSource cannot send custom headers). */
export function userFromQuery(req: IncomingMessage): string | null {
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('user')
}

/** A kit on a real `node:http` server on 127.0.0.1 (fast retries, so reconnect tests stay short); `close()` closes its storage too. */
export async function startKit(options: Partial<NotificationServerOptions> = {}): Promise<RunningKit> {
  const kit = createNotificationServer<Body>({ authenticate: userFromQuery, retry: { minMs: 30, maxMs: 60 }, ...options })
  const httpServer = createServer((req, res) => void kit.handle(req, res))
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`
  return {
    kit,
    origin,
    api: `${origin}/notifications`,
    httpServer,
    async close() {
      await kit.close()
      await options.storage?.close()
      httpServer.closeAllConnections()
      await new Promise((resolve) => httpServer.close(resolve))
    },
  }
}

export interface StorageCase {
  name: string
  create(options?: { replayLogSize?: number }): NotificationStorage
}

let prefixes = 0

/** The two storages the contract suite runs against; the Redis one needs `redisUrl()` to answer once its server is up. */
export function storageCases(redisUrl: () => string): StorageCase[] {
  return [
    { name: 'memory', create: (options) => createMemoryStorage(options) },
    {
      name: 'redis',
      create: (options) =>
        createRedisStorage({ redis: new Redis(redisUrl(), { lazyConnect: true }), keyPrefix: `test${++prefixes}`, ...options }),
    },
  ]
}

export interface ReceivedEvent {
  type: string
  id: string
  data: unknown
}

const CONTRACT_EVENTS = ['notification', 'notification.read', 'notification.deleted', 'notifications.read-all', 'notifications.sync']

/** An `eventsource` client recording the contract's events, the sync confirmation included. */
export function listen(url: string, init?: ConstructorParameters<typeof EventSource>[1]) {
  const source = new EventSource(url, init)
  const received: ReceivedEvent[] = []
  let opens = 0
  source.addEventListener('open', () => opens++)
  for (const type of CONTRACT_EVENTS) {
    source.addEventListener(type, (event) => received.push({ type, id: event.lastEventId, data: JSON.parse(event.data) as unknown }))
  }
  return {
    source,
    received,
    opens: () => opens,
    /** Received events other than `notifications.sync`. */
    events: () => received.filter((event) => event.type !== 'notifications.sync'),
    syncs: () => received.filter((event) => event.type === 'notifications.sync').map((event) => event.data),
  }
}

export async function request<T = unknown>(url: string, method = 'GET', headers: Record<string, string> = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(url, { method, headers })
  const text = await response.text()
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers }
}
