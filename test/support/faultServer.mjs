// @ts-check
/**
 * A notification backend that follows the server contract (docs/server-contract.md)
 * and misbehaves the way networks and servers do: it cuts streams (some in
 * the middle of an event), refuses connections, fails REST calls (some after
 * doing what was asked), garbles, repeats and drips events, sends event types
 * nobody listens to, and changes read states on its own. Faults can be
 * switched off, after which it is a correct server, so a client can be
 * checked against its truth.
 *
 *   node test/support/faultServer.mjs --port 0 --seed 1
 *
 * prints `{"port":N}` once listening. Control endpoints (never faulty):
 * `POST /__control` with JSON `{ faults?, rate?, serverReads?, serverReadAllEvery?, deletes?,
 * replay?, publish?: count, drop?: true }`,
 * `GET /__truth` and `GET /__stats`.
 */
import { createServer } from 'node:http'
import { pathToFileURL } from 'node:url'

/** @typedef {{ id: string, message: string, created: number, createdAt: string, readAt: string | null, updatedAt: string }} Item */
/** @typedef {{ id: number, wire: string, notification: boolean }} LoggedEvent */
/** @typedef {{ res: import('node:http').ServerResponse, queue: string[], writing: boolean, dead: boolean }} Connection */

/** Faults per event or request when faults are on (the mix the soak is judged by). */
export const FAULTS = {
  cutStream: 0.01,
  refuseStream: 0.2,
  failRest: 0.1,
  malformed: 0.01,
  duplicate: 0.02,
  drip: 0.05,
  unknownType: 0.01,
}

/** @param {number} seed */
function randomFrom(seed) {
  let state = seed >>> 0 || 1
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * @param {{ seed?: number }} [options]
 */
export function createFaultServer(options = {}) {
  const random = randomFrom(options.seed ?? 1)
  const settings = { faults: true, rate: 0, serverReads: 0, serverReadAllEvery: 0, deletes: 0, replay: true }
  const stats = { restRequests: 0, streamRequests: 0, published: 0, eventsWritten: 0 }

  /** Oldest first; `created` is strictly increasing, so the order is by creation. */
  /** @type {Item[]} */
  const items = []
  /** @type {Map<string, Item>} */
  const byId = new Map()
  /** @type {LoggedEvent[]} */
  const log = []
  /** @type {Set<Connection>} */
  const connections = new Set()
  let lastTime = 0
  let sequence = 0
  /** Query strings of the list requests, in order. */
  /** @type {string[]} */
  const listRequests = []

  /** Server time in ms, strictly increasing, so no two items share `createdAt` and read-all times order. */
  function now() {
    lastTime = Math.max(Date.now(), lastTime + 1)
    return lastTime
  }

  /** @param {Item} item */
  const wireItem = (item) => ({
    id: item.id,
    message: item.message,
    createdAt: item.createdAt,
    readAt: item.readAt,
    updatedAt: item.updatedAt,
  })

  /** @param {number} created */
  function indexOfCreated(created) {
    let low = 0
    let high = items.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (items[mid].created < created) low = mid + 1
      else high = mid
    }
    return low
  }

  // ---- stream -------------------------------------------------------------------

  /**
   * @param {Connection} connection
   * @param {string} frame
   */
  function write(connection, frame) {
    if (connection.dead) return
    connection.queue.push(frame)
    if (!connection.writing) void pump(connection)
  }

  /** Writes a connection's frames in order; a dripped frame goes out a few bytes at a time. @param {Connection} connection */
  async function pump(connection) {
    connection.writing = true
    while (connection.queue.length > 0 && !connection.dead) {
      const frame = /** @type {string} */ (connection.queue.shift())
      const faults = settings.faults
      if (faults && random() < FAULTS.cutStream) {
        // Half of the cuts land in the middle of the event.
        if (random() < 0.5) connection.res.write(frame.slice(0, Math.max(1, Math.floor(frame.length / 2))))
        else connection.res.write(frame)
        kill(connection)
        break
      }
      if (faults && random() < FAULTS.drip) {
        for (let at = 0; at < frame.length && !connection.dead; at += 3) {
          connection.res.write(frame.slice(at, at + 3))
          await new Promise((resolve) => setTimeout(resolve, 1))
        }
      } else {
        connection.res.write(frame)
      }
      if (faults && random() < FAULTS.duplicate) connection.res.write(frame)
      if (faults && random() < FAULTS.unknownType) connection.res.write('event: notification.reaction\ndata: {"emoji":"+1"}\n\n')
      stats.eventsWritten += 1
    }
    connection.writing = false
  }

  /** @param {Connection} connection */
  function kill(connection) {
    connection.dead = true
    connections.delete(connection)
    connection.res.destroy()
  }

  /**
   * Logs an event and sends it to every open stream.
   * @param {string} type
   * @param {unknown} data
   * @param {boolean} [notification]
   */
  function emit(type, data, notification = false) {
    const id = log.length + 1
    let body = JSON.stringify(data)
    // A garbled event stays garbled: replays send the same bytes.
    if (notification && settings.faults && random() < FAULTS.malformed) body = body.slice(0, Math.floor(body.length / 2))
    const entry = { id, wire: `event: ${type}\nid: ${id}\ndata: ${body}\n\n`, notification }
    log.push(entry)
    for (const connection of connections) write(connection, entry.wire)
  }

  /** The resume point: the `Last-Event-ID` header when present, else `?lastEventId=`. @param {import('node:http').IncomingMessage} req @param {URL} url */
  function resumePoint(req, url) {
    const header = req.headers['last-event-id']
    const raw = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('lastEventId')
    if (raw === null || raw === undefined || !/^\d{1,15}$/.test(raw.trim())) return undefined
    const id = Number(raw.trim())
    return id <= log.length ? id : undefined
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url */
  function openStream(req, res, url) {
    stats.streamRequests += 1
    if (settings.faults && random() < FAULTS.refuseStream) {
      res.writeHead(503, { 'Content-Type': 'text/plain' })
      res.end('try later')
      return
    }
    const from = settings.replay ? resumePoint(req, url) : undefined
    /** @type {Connection} */
    const connection = { res, queue: [], writing: false, dead: false }
    // Registered before the headers go out: nothing published after the open is missed.
    connections.add(connection)
    req.on('close', () => {
      connection.dead = true
      connections.delete(connection)
    })
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' })
    res.flushHeaders()
    // The sync event's id is where the client is now: the resume point, or the latest event.
    const position = from ?? log.length
    write(
      connection,
      `retry: ${200 + Math.floor(random() * 300)}\nevent: notifications.sync\nid: ${position}\ndata: ${JSON.stringify({ replayed: from !== undefined })}\n\n`,
    )
    if (from !== undefined) for (const entry of log.slice(from)) write(connection, entry.wire)
  }

  // ---- truth ----------------------------------------------------------------------

  function publish() {
    const time = now()
    const iso = new Date(time).toISOString()
    sequence += 1
    /** @type {Item} */
    const item = { id: `n${sequence}`, message: `Notification ${sequence}`, created: time, createdAt: iso, readAt: null, updatedAt: iso }
    items.push(item)
    byId.set(item.id, item)
    stats.published += 1
    emit('notification', wireItem(item), true)
  }

  /** @param {Item} item @param {boolean} read */
  function setRead(item, read) {
    if ((item.readAt !== null) === read) return
    const iso = new Date(now()).toISOString()
    item.readAt = read ? iso : null
    item.updatedAt = iso
    emit('notification.read', { id: item.id, readAt: item.readAt })
  }

  /** Read-all at T: every unread item created at or before T. */
  function readAll() {
    const time = now()
    const iso = new Date(time).toISOString()
    for (const item of items) {
      if (item.readAt === null && item.created <= time) {
        item.readAt = iso
        item.updatedAt = iso
      }
    }
    emit('notifications.read-all', { readAt: iso })
    return iso
  }

  /** @param {Item} item */
  function remove(item) {
    items.splice(indexOfCreated(item.created), 1)
    byId.delete(item.id)
    emit('notification.deleted', { id: item.id })
  }

  function randomItem() {
    return items.length === 0 ? undefined : items[Math.floor(random() * items.length)]
  }

  // ---- REST -------------------------------------------------------------------------

  /** @param {URL} url */
  function listPage(url) {
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit')) || 20, 1), 500)
    const cursor = url.searchParams.get('cursor')
    // Newest first: start below the cursor's item (keyset on createdAt, unique here).
    let end = items.length
    if (cursor) end = indexOfCreated(Number(cursor.split('|')[0]))
    const start = Math.max(0, end - limit)
    const data = items.slice(start, end).reverse().map(wireItem)
    const last = items[start]
    return {
      data,
      nextCursor: start > 0 && last ? `${last.created}|${last.id}` : null,
      unreadCount: items.reduce((count, item) => count + (item.readAt === null ? 1 : 0), 0),
    }
  }

  /** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body */
  function json(res, status, body) {
    res.writeHead(status, { 'Content-Type': 'application/json' })
    res.end(body === undefined ? '' : JSON.stringify(body))
  }

  /** @param {import('node:http').IncomingMessage} req */
  async function readBody(req) {
    let text = ''
    for await (const chunk of req) text += chunk
    return text ? JSON.parse(text) : {}
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const path = url.pathname
    if (path === '/__control' && req.method === 'POST') {
      const { drop, publish: count, ...changes } = await readBody(req)
      Object.assign(settings, changes)
      for (let i = 0; i < (count ?? 0); i += 1) publish()
      if (drop) for (const connection of connections) kill(connection)
      return json(res, 200, settings)
    }
    if (path === '/__truth') {
      const newestFirst = [...items].reverse()
      return json(res, 200, {
        items: newestFirst.map((item) => ({ id: item.id, read: item.readAt !== null })),
        unread: newestFirst.filter((item) => item.readAt === null).length,
      })
    }
    if (path === '/__stats') return json(res, 200, { ...stats, openStreams: connections.size, lists: listRequests })
    if (path === '/api/notifications/stream') return openStream(req, res, url)

    stats.restRequests += 1
    const fail = settings.faults && random() < FAULTS.failRest
    // Half of the failures happen after the work is done: the client cannot tell.
    const failAfter = fail && random() < 0.5
    if (fail && !failAfter) return json(res, 500, { message: 'simulated failure' })
    /** @type {unknown} */
    let body
    if (req.method === 'GET' && path === '/api/notifications') {
      listRequests.push(url.search)
      body = listPage(url)
    }
    else if (req.method === 'POST' && path === '/api/notifications/read-all') body = { readAt: readAll() }
    else {
      const match = /^\/api\/notifications\/([^/]+)\/(read|unread)$/.exec(path)
      const item = match && req.method === 'POST' ? byId.get(decodeURIComponent(match[1])) : undefined
      if (!match) return json(res, 404, { message: 'not found' })
      if (!item) return json(res, 404, { message: 'no such notification' })
      setRead(item, match[2] === 'read')
    }
    if (failAfter) return json(res, 500, { message: 'simulated failure' })
    return json(res, 200, body ?? {})
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => json(res, 500, { message: String(error) }))
  })

  // ---- the server's own activity ----------------------------------------------------

  let owed = 0
  let lastReadAll = Date.now()
  /** Every 10 ms: publish at `rate` per second, read and delete some on the server's side. */
  const ticker = setInterval(() => {
    owed += settings.rate / 100
    for (; owed >= 1; owed -= 1) publish()
    if (settings.serverReads > 0 && random() < settings.serverReads / 100) {
      const item = randomItem()
      if (item) setRead(item, random() < 0.9)
    }
    if (settings.deletes > 0 && random() < settings.deletes / 100) {
      const item = randomItem()
      if (item) remove(item)
    }
    if (settings.serverReadAllEvery > 0 && Date.now() - lastReadAll > settings.serverReadAllEvery) {
      lastReadAll = Date.now()
      readAll()
    }
  }, 10)
  const heartbeat = setInterval(() => {
    for (const connection of connections) write(connection, 'event: ping\ndata: {}\n\n')
  }, 15_000)

  return {
    server,
    settings,
    /** @param {number} [port] */
    async listen(port = 0) {
      await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)))
      return /** @type {import('node:net').AddressInfo} */ (server.address()).port
    },
    async close() {
      clearInterval(ticker)
      clearInterval(heartbeat)
      for (const connection of connections) kill(connection)
      server.closeAllConnections()
      await new Promise((resolve) => server.close(() => resolve(undefined)))
    },
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2)
  const option = (/** @type {string} */ name, /** @type {number} */ fallback) => {
    const at = args.indexOf(`--${name}`)
    return at === -1 ? fallback : Number(args[at + 1])
  }
  const backend = createFaultServer({ seed: option('seed', 1) })
  const port = await backend.listen(option('port', 0))
  process.stdout.write(`${JSON.stringify({ port })}\n`)
  const stop = () => void backend.close().then(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}
