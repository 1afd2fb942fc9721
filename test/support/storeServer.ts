import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A notification as the test backend stores it (contract field names). */
export interface ServerNotification {
  id: string
  message: string
  createdAt: string
  readAt: string | null
  updatedAt: string
}

export interface StoreServerOptions {
  /**
   * `contract`: `{ data, nextCursor, unreadCount }` pages and contract event names;
   * `seed`: a plain array of `{ _id, message, read_at, created_at }` and `event: new-notification`.
   */
  flavour?: 'contract' | 'seed'
}

interface Gate {
  release: () => void
  opened: Promise<void>
}

/**
 * Backend for store tests on 127.0.0.1: REST list + writes and an SSE stream
 * over the same in-memory truth, with hooks to hold list answers, drop
 * connections and push arbitrary (also malformed) events.
 */
export class StoreTestServer {
  readonly truth = new Map<string, ServerNotification>()
  readonly log: string[] = []
  streamConnections = 0
  private clients = new Set<ServerResponse>()
  private pendingHold: { released: Promise<void>; requested: () => void } | null = null
  private clock = Date.parse('2026-01-01T00:00:00.000Z')
  private eventId = 0
  private readonly server = createServer((req, res) => this.handle(req, res))
  private port = 0
  failWrites = false
  readonly flavour: 'contract' | 'seed'

  constructor(options: StoreServerOptions = {}) {
    this.flavour = options.flavour ?? 'contract'
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
    return this
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`
  }
  get apiUrl(): string {
    return `${this.origin}/api/notifications`
  }
  get streamUrl(): string {
    return `${this.origin}/stream`
  }
  get clientCount(): number {
    return this.clients.size
  }

  /** Next (strictly increasing) server time. */
  tick(): string {
    this.clock += 1000
    return new Date(this.clock).toISOString()
  }

  /** Creates a notification; broadcasts it unless `silent`. */
  create(message: string, options: { silent?: boolean; id?: string } = {}): ServerNotification {
    const at = this.tick()
    const item: ServerNotification = {
      id: options.id ?? `n${this.truth.size + 1}-${this.clock}`,
      message,
      createdAt: at,
      readAt: null,
      updatedAt: at,
    }
    this.truth.set(item.id, item)
    if (!options.silent) this.broadcastItem(item)
    return item
  }

  read(id: string, options: { silent?: boolean } = {}): void {
    const item = this.truth.get(id)
    if (!item || item.readAt) return
    const at = this.tick()
    item.readAt = at
    item.updatedAt = at
    if (!options.silent) this.send('notification.read', { id, readAt: at })
  }

  remove(id: string, options: { silent?: boolean } = {}): void {
    this.truth.delete(id)
    if (!options.silent) this.send('notification.deleted', { id })
  }

  readAll(options: { silent?: boolean } = {}): void {
    const at = this.tick()
    for (const item of this.truth.values()) {
      if (!item.readAt) {
        item.readAt = at
        item.updatedAt = at
      }
    }
    if (!options.silent) this.send('notifications.read-all', { readAt: at })
  }

  broadcastItem(item: ServerNotification): void {
    if (this.flavour === 'seed') this.send('new-notification', this.seedShape(item))
    else this.send('notification', item)
  }

  /** Sends one event to every connected client; `data` strings are sent raw. */
  send(event: string | null, data: unknown): void {
    const body = typeof data === 'string' ? data : JSON.stringify(data)
    this.eventId += 1
    const frame = `${event ? `event: ${event}\n` : ''}id: ${this.eventId}\ndata: ${body}\n\n`
    for (const client of this.clients) client.write(frame)
  }

  /** Closes every open stream, as a proxy or a server restart would. */
  dropClients(): void {
    for (const client of this.clients) client.destroy()
    this.clients.clear()
  }

  /** Truth as the store should show it: newest first. */
  expected(): { id: string; read: boolean }[] {
    return this.sorted().map((item) => ({ id: item.id, read: item.readAt !== null }))
  }

  unread(): number {
    return [...this.truth.values()].filter((item) => !item.readAt).length
  }

  /**
   * The next list request is answered with the truth as it is when it arrives,
   * but only after `release()`.
   */
  holdNextList(): Gate {
    let requested!: () => void
    const opened = new Promise<void>((resolve) => (requested = resolve))
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    this.pendingHold = { released, requested }
    return { release, opened }
  }

  async close(): Promise<void> {
    this.dropClients()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private sorted(): ServerNotification[] {
    return [...this.truth.values()].sort((a, b) =>
      a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
    )
  }

  private seedShape(item: ServerNotification): Record<string, unknown> {
    return { _id: item.id, message: item.message, read_at: item.readAt, created_at: item.createdAt }
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.origin)
    this.log.push(`${req.method} ${url.pathname}${url.search}`)
    res.setHeader('Access-Control-Allow-Origin', '*')
    if (url.pathname === '/stream') {
      this.streamConnections += 1
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' })
      res.write('retry: 30\n\n')
      this.clients.add(res)
      req.on('close', () => this.clients.delete(res))
      return
    }
    if (req.method === 'GET' && url.pathname === '/api/notifications') {
      // Serialised now: a held answer is a snapshot of the truth at request time.
      const body = JSON.stringify(this.listBody(url))
      const hold = this.pendingHold
      this.pendingHold = null
      if (hold) {
        hold.requested()
        void hold.released.then(() => this.json(res, 200, body, true))
      } else {
        this.json(res, 200, body, true)
      }
      return
    }
    const readOne = /^\/api\/notifications\/([^/]+)\/read$/.exec(url.pathname)
    if (req.method === 'POST' && (readOne || url.pathname === '/api/notifications/read-all')) {
      if (this.failWrites) return this.json(res, 500, { message: 'boom' })
      if (readOne) this.read(decodeURIComponent(readOne[1]!))
      else this.readAll()
      return this.json(res, 200, { ok: true })
    }
    this.json(res, 404, { message: 'not found' })
  }

  private listBody(url: URL): unknown {
    const all = this.sorted()
    if (this.flavour === 'seed') return all.map((item) => this.seedShape(item))
    const limit = Number(url.searchParams.get('limit') ?? 20)
    const cursor = url.searchParams.get('cursor')
    let start = 0
    if (cursor) {
      const [createdAt, id] = cursor.split('|')
      start = all.findIndex((item) => item.createdAt < createdAt! || (item.createdAt === createdAt && item.id < id!))
      if (start === -1) start = all.length
    }
    const data = all.slice(start, start + limit)
    const last = data[data.length - 1]
    const nextCursor = start + limit < all.length && last ? `${last.createdAt}|${last.id}` : null
    return { data, nextCursor, unreadCount: this.unread() }
  }

  private json(res: ServerResponse, status: number, body: unknown, serialised = false): void {
    res.writeHead(status, { 'Content-Type': 'application/json' })
    res.end(serialised ? (body as string) : JSON.stringify(body))
  }
}

/** Polls `check` until it passes (returns without throwing) or `timeout` ms elapse. */
export async function eventually(check: () => void, timeout = 3000): Promise<void> {
  const deadline = Date.now() + timeout
  for (;;) {
    try {
      check()
      return
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
}
