// @ts-check
/**
 * An in-memory server for the notification contract: an SSE stream with a
 * resumable event log, a paged REST inbox, and a few demo controls (drop the
 * streams, simulate an outage). No framework: `handle(req, res, next)` is a
 * connect-style middleware for `node:http`, usable directly, inside Vite, or
 * through `listen()`.
 */
import { createServer } from 'node:http'

/**
 * @typedef {import('node:http').IncomingMessage} IncomingMessage
 * @typedef {import('node:http').ServerResponse} ServerResponse
 * @typedef {(error?: unknown) => void} NextFunction
 *
 * @typedef {object} DemoNotification
 * @property {string} id
 * @property {string} message
 * @property {string} [title]
 * @property {string} [link]
 * @property {string} createdAt
 * @property {string | null} readAt
 * @property {string} updatedAt
 *
 * @typedef {object} NotificationInput
 * @property {string} message
 * @property {string} [title]
 * @property {string} [link]
 *
 * @typedef {{ id: number, event: string, data: string }} LoggedEvent
 *
 * @typedef {object} DemoServerStats
 * @property {number} streams Open notification streams.
 * @property {number} clockStreams Open clock streams.
 * @property {number} totalStreamConnections Notification streams accepted since start (or the last reset).
 * @property {number} notifications
 * @property {number} unread
 * @property {number} lastEventId Sequence number of the newest event (0 before any).
 * @property {number} loggedEvents
 * @property {string | null} outageUntil ISO time the simulated outage ends, or null.
 *
 * @typedef {object} DemoServerOptions
 * @property {string} [basePath] Prefix of every route. Default `'/api'`.
 * @property {number} [pingIntervalMs] Interval of the `ping` event on notification streams; 0 disables it. Default 15000.
 * @property {number} [clockIntervalMs] Tick interval of the clock stream. Default 1000.
 * @property {number} [retryMs] `retry:` sent at the start of every stream. Default 1000.
 * @property {number} [eventLogSize] Events kept for resuming. Default 10000.
 * @property {number} [maxBodyBytes] Largest accepted request body. Default 16384.
 * @property {number} [maxMessageLength] Default 1000.
 * @property {number} [maxTitleLength] Default 200.
 * @property {number} [maxLinkLength] Default 2048.
 * @property {number} [maxBufferedBytes] A stream whose unsent output exceeds this is closed. Default 1048576.
 * @property {number | NotificationInput[]} [seed] Initial notifications (a count of sample ones, or the items); no events are logged for them. Default 0.
 * @property {number} [autoPublishIntervalMs] Publish a sample notification this often; 0 disables. Default 0.
 * @property {() => Date} [now] Clock for timestamps. Default `() => new Date()`.
 *
 * @typedef {object} ListenResult
 * @property {string} url Origin, e.g. `http://127.0.0.1:41234`.
 * @property {number} port
 * @property {string} host
 * @property {import('node:http').Server} httpServer
 * @property {() => Promise<void>} close Closes the streams and the HTTP server.
 *
 * @typedef {object} DemoServer
 * @property {(req: IncomingMessage, res: ServerResponse, next?: NextFunction) => void} handle
 * @property {(event: string, data: unknown) => number} broadcast Logs an event and sends it to every notification stream; returns its id.
 * @property {(input: NotificationInput) => DemoNotification} publish Validates, stores and broadcasts a notification; throws a `DemoServerValidationError` on bad input.
 * @property {(id: string) => DemoNotification | undefined} markRead
 * @property {() => string} markAllRead Returns the `readAt` used.
 * @property {(id: string) => boolean} remove Deletes a notification and broadcasts `notification.deleted`.
 * @property {() => DemoNotification[]} list All notifications, newest first (copies).
 * @property {() => number} dropStreams Ends every open stream; returns how many.
 * @property {(seconds: number) => string | null} startOutage Refuses streams with 503 for `seconds` (0 ends it) and drops the open ones; returns the end time.
 * @property {() => void} reset Drops the streams and clears notifications, event log, outage and counters (sequence numbers keep counting).
 * @property {() => DemoServerStats} stats
 * @property {(port?: number, host?: string) => Promise<ListenResult>} listen Serves `handle` on a new `node:http` server (port 0 = any free port; host default `'127.0.0.1'`).
 * @property {() => void} close Drops the streams and stops the timers.
 */

/** Thrown by `publish()` (and answered as 400) when the input breaks the contract. */
export class DemoServerValidationError extends Error {
  /**
   * @param {string} message
   * @param {string} [field]
   */
  constructor(message, field) {
    super(message)
    this.name = 'DemoServerValidationError'
    /** @type {string | undefined} */
    this.field = field
  }
}

class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {Record<string, string>} [headers]
   */
  constructor(status, code, message, headers) {
    super(message)
    this.status = status
    this.code = code
    this.headers = headers ?? {}
  }
}

const SAMPLE_MESSAGES = [
  { title: 'Build passed', message: 'main is green again after 14 minutes.' },
  { title: 'New comment', message: 'Ada replied to your review: "Looks good, one nit."', link: '/reviews/42' },
  { title: 'Deploy finished', message: 'Version 2.3.1 is live in production.' },
  { message: 'Your export is ready to download.', link: '/exports/latest' },
  { title: 'Mention', message: 'Grace mentioned you in #release-planning.' },
  { title: 'Reminder', message: 'Stand-up starts in 10 minutes.' },
  { title: 'Security', message: 'A new sign-in to your account from Firefox on Linux.' },
  { message: 'Three tasks are due tomorrow.' },
]

/**
 * @param {number} index
 * @returns {NotificationInput}
 */
export function sampleNotification(index) {
  const sample = SAMPLE_MESSAGES[((index % SAMPLE_MESSAGES.length) + SAMPLE_MESSAGES.length) % SAMPLE_MESSAGES.length]
  return { ...(/** @type {NotificationInput} */ (sample)) }
}

/**
 * @param {DemoServerOptions} [options]
 * @returns {DemoServer}
 */
export function createDemoServer(options = {}) {
  const basePath = (options.basePath ?? '/api').replace(/\/+$/, '')
  const pingIntervalMs = options.pingIntervalMs ?? 15_000
  const clockIntervalMs = options.clockIntervalMs ?? 1000
  const retryMs = options.retryMs ?? 1000
  const eventLogSize = Math.max(1, options.eventLogSize ?? 10_000)
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024
  const maxMessageLength = options.maxMessageLength ?? 1000
  const maxTitleLength = options.maxTitleLength ?? 200
  const maxLinkLength = options.maxLinkLength ?? 2048
  const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024
  const now = options.now ?? (() => new Date())

  /** Notifications in creation order (oldest first); `seq` orders them. */
  /** @type {{ seq: number, item: DemoNotification }[]} */
  let entries = []
  /** @type {Map<string, { seq: number, item: DemoNotification }>} */
  let byId = new Map()
  /** @type {LoggedEvent[]} */
  let eventLog = []
  let eventSeq = 0
  let notificationSeq = 0
  let totalStreamConnections = 0
  let outageUntil = 0
  let sampleIndex = 0

  /**
   * @typedef {{ kind: 'notifications' | 'clock', res: ServerResponse, end: () => void }} Stream
   */
  /** @type {Set<Stream>} */
  const streams = new Set()

  /** @type {ReturnType<typeof setInterval> | undefined} */
  let autoPublishTimer
  if (options.autoPublishIntervalMs && options.autoPublishIntervalMs > 0) {
    autoPublishTimer = setInterval(() => publish(sampleNotification(sampleIndex++)), options.autoPublishIntervalMs)
    autoPublishTimer.unref?.()
  }

  seed(options.seed ?? 0)

  // ---- state -------------------------------------------------------------

  /**
   * A timestamp strictly later than `previous`, so `updatedAt` always grows.
   * @param {string} [previous]
   */
  function stamp(previous) {
    let time = now().getTime()
    if (previous !== undefined) time = Math.max(time, Date.parse(previous) + 1)
    return new Date(time).toISOString()
  }

  /** @param {number | NotificationInput[]} seedOption */
  function seed(seedOption) {
    const inputs = typeof seedOption === 'number'
      ? Array.from({ length: Math.max(0, seedOption) }, () => sampleNotification(sampleIndex++))
      : seedOption
    const base = now().getTime()
    inputs.forEach((input, index) => {
      const createdAt = new Date(base - (inputs.length - index) * 7 * 60_000).toISOString()
      store(validateInput(input), createdAt)
    })
  }

  /**
   * @param {NotificationInput} input
   * @param {string} createdAt
   */
  function store(input, createdAt) {
    const seq = ++notificationSeq
    /** @type {DemoNotification} */
    const item = {
      id: `n${seq}`,
      message: input.message,
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.link !== undefined ? { link: input.link } : {}),
      createdAt,
      readAt: null,
      updatedAt: createdAt,
    }
    const entry = { seq, item }
    entries.push(entry)
    byId.set(item.id, entry)
    return item
  }

  /**
   * @param {unknown} input
   * @returns {NotificationInput}
   */
  function validateInput(input) {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new DemoServerValidationError('the body must be a JSON object')
    }
    const record = /** @type {Record<string, unknown>} */ (input)
    const { message, title, link } = record
    if (typeof message !== 'string' || message.trim() === '') {
      throw new DemoServerValidationError('message must be a non-empty string', 'message')
    }
    if (message.length > maxMessageLength) {
      throw new DemoServerValidationError(`message must be at most ${maxMessageLength} characters`, 'message')
    }
    /** @type {NotificationInput} */
    const result = { message }
    if (title !== undefined && title !== null) {
      if (typeof title !== 'string') throw new DemoServerValidationError('title must be a string', 'title')
      if (title.length > maxTitleLength) {
        throw new DemoServerValidationError(`title must be at most ${maxTitleLength} characters`, 'title')
      }
      if (title.trim() !== '') result.title = title
    }
    if (link !== undefined && link !== null) {
      if (typeof link !== 'string') throw new DemoServerValidationError('link must be a string', 'link')
      if (link.length > maxLinkLength) {
        throw new DemoServerValidationError(`link must be at most ${maxLinkLength} characters`, 'link')
      }
      if (link !== '') {
        if (!isSafeLink(link)) {
          throw new DemoServerValidationError('link must be an http(s) URL or a relative URL', 'link')
        }
        result.link = link
      }
    }
    return result
  }

  function unreadCount() {
    let count = 0
    for (const entry of entries) if (entry.item.readAt === null) count++
    return count
  }

  /** @param {DemoNotification} item */
  function copy(item) {
    return { ...item }
  }

  // ---- events ------------------------------------------------------------

  /**
   * @param {string} event
   * @param {unknown} data
   */
  function broadcast(event, data) {
    if (typeof event !== 'string' || !/^[^\r\n:]+$/.test(event)) throw new TypeError(`invalid event name: ${event}`)
    const logged = { id: ++eventSeq, event, data: JSON.stringify(data ?? null) }
    eventLog.push(logged)
    if (eventLog.length > eventLogSize) eventLog.splice(0, eventLog.length - eventLogSize)
    const frame = formatEvent(logged.id, logged.event, logged.data)
    for (const stream of streams) {
      if (stream.kind === 'notifications') write(stream, frame)
    }
    return logged.id
  }

  /**
   * Events after `lastId`, or none when the log no longer reaches back that far.
   * @param {number} lastId
   */
  function eventsAfter(lastId) {
    const first = eventLog[0]
    if (!first || lastId < first.id - 1) return []
    let low = 0
    let high = eventLog.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (/** @type {LoggedEvent} */ (eventLog[mid]).id <= lastId) low = mid + 1
      else high = mid
    }
    return eventLog.slice(low)
  }

  /** @param {NotificationInput} input */
  function publish(input) {
    // Strictly after the newest item, so sorting by createdAt matches the server's order.
    const item = store(validateInput(input), stamp(entries.at(-1)?.item.createdAt))
    broadcast('notification', item)
    return copy(item)
  }

  /** @param {string} id */
  function markRead(id) {
    const entry = byId.get(id)
    if (!entry) return undefined
    if (entry.item.readAt === null) {
      const readAt = stamp(entry.item.updatedAt)
      entry.item.readAt = readAt
      entry.item.updatedAt = readAt
      broadcast('notification.read', { id, readAt })
    }
    return copy(entry.item)
  }

  function markAllRead() {
    const readAt = stamp(entries.reduce((latest, entry) => (entry.item.updatedAt > latest ? entry.item.updatedAt : latest), ''))
    for (const entry of entries) {
      if (entry.item.readAt === null) {
        entry.item.readAt = readAt
        entry.item.updatedAt = readAt
      }
    }
    broadcast('notifications.read-all', { readAt })
    return readAt
  }

  /** @param {string} id */
  function remove(id) {
    const entry = byId.get(id)
    if (!entry) return false
    byId.delete(id)
    entries = entries.filter((candidate) => candidate !== entry)
    broadcast('notification.deleted', { id })
    return true
  }

  function list() {
    return entries.slice().reverse().map((entry) => copy(entry.item))
  }

  // ---- streams -----------------------------------------------------------

  /**
   * @param {Stream} stream
   * @param {string} chunk
   */
  function write(stream, chunk) {
    const { res } = stream
    if (res.writableEnded || res.destroyed) return
    res.write(chunk)
    if (res.writableLength > maxBufferedBytes) stream.end()
  }

  /** @param {'notifications' | 'clock'} [kind] */
  function dropStreams(kind) {
    let count = 0
    for (const stream of [...streams]) {
      if (kind && stream.kind !== kind) continue
      stream.end()
      count++
    }
    return count
  }

  /** @param {number} seconds */
  function startOutage(seconds) {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 3600) {
      throw new DemoServerValidationError('seconds must be a number from 0 to 3600', 'seconds')
    }
    outageUntil = seconds > 0 ? Date.now() + seconds * 1000 : 0
    if (seconds > 0) dropStreams()
    return outageUntil ? new Date(outageUntil).toISOString() : null
  }

  function inOutage() {
    return outageUntil > Date.now()
  }

  /**
   * The resume point: the larger of `?lastEventId=` and `Last-Event-ID`
   * (a browser reconnecting on its own keeps the old query and sends a newer header).
   * @param {IncomingMessage} req
   * @param {URL} url
   */
  function requestedLastEventId(req, url) {
    const header = req.headers['last-event-id']
    const candidates = [url.searchParams.get('lastEventId'), Array.isArray(header) ? header[0] : header]
    let result = -1
    for (const candidate of candidates) {
      if (candidate === null || candidate === undefined || !/^\d{1,15}$/.test(candidate.trim())) continue
      result = Math.max(result, Number(candidate.trim()))
    }
    return result
  }

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   * @param {'notifications' | 'clock'} kind
   */
  function openStream(req, res, kind) {
    if (inOutage()) {
      const seconds = Math.max(1, Math.ceil((outageUntil - Date.now()) / 1000))
      throw new HttpError(503, 'outage', 'simulated outage: the stream is unavailable', { 'Retry-After': String(seconds) })
    }
    /** @type {Record<string, string>} */
    const headers = {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    }
    if (req.httpVersionMajor < 2) headers.Connection = 'keep-alive'
    req.socket.setTimeout?.(0)
    req.socket.setNoDelay?.(true)
    req.socket.setKeepAlive?.(true)
    res.writeHead(200, headers)
    res.flushHeaders()

    /** @type {ReturnType<typeof setInterval> | undefined} */
    let timer
    /** @type {Stream} */
    const stream = {
      kind,
      res,
      end() {
        cleanup()
        if (!res.writableEnded) res.end()
        res.destroy()
      },
    }
    function cleanup() {
      clearInterval(timer)
      timer = undefined
      streams.delete(stream)
    }
    streams.add(stream)
    res.on('close', cleanup)

    res.write(`retry: ${retryMs}\n\n`)
    const lastId = requestedLastEventId(req, new URL(req.url ?? '/', 'http://localhost'))

    if (kind === 'notifications') {
      totalStreamConnections++
      if (lastId >= 0) {
        for (const logged of eventsAfter(lastId)) write(stream, formatEvent(logged.id, logged.event, logged.data))
      }
      if (pingIntervalMs > 0) {
        timer = setInterval(() => write(stream, formatEvent(eventSeq, 'ping', '{}')), pingIntervalMs)
      }
    } else {
      let tick = Math.max(0, lastId)
      const sendTick = () => write(stream, formatEvent(++tick, undefined, JSON.stringify({ now: now().toISOString() })))
      sendTick()
      timer = setInterval(sendTick, clockIntervalMs)
    }
    timer?.unref?.()
  }

  // ---- HTTP --------------------------------------------------------------

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   * @param {NextFunction} [next]
   */
  function handle(req, res, next) {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const path = url.pathname
    if (path !== basePath && !path.startsWith(`${basePath}/`)) {
      if (next) next()
      else sendJson(res, 404, { error: 'not_found', message: `no route for ${req.method} ${path}` })
      return
    }
    route(req, res, url, path.slice(basePath.length) || '/').catch((/** @type {unknown} */ error) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      if (error instanceof HttpError) {
        sendJson(res, error.status, { error: error.code, message: error.message }, error.headers)
      } else if (error instanceof DemoServerValidationError) {
        sendJson(res, 400, { error: 'invalid_request', message: error.message, ...(error.field ? { field: error.field } : {}) })
      } else {
        sendJson(res, 500, { error: 'internal_error', message: error instanceof Error ? error.message : String(error) })
      }
    })
  }

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   * @param {URL} url
   * @param {string} path Path below `basePath`, starting with `/`.
   */
  async function route(req, res, url, path) {
    const method = req.method ?? 'GET'
    /** @param {string[]} allowed */
    const only = (...allowed) => {
      if (!allowed.includes(method)) {
        throw new HttpError(405, 'method_not_allowed', `${method} is not allowed here`, { Allow: allowed.join(', ') })
      }
    }

    if (path === '/notifications/stream') {
      only('GET')
      openStream(req, res, 'notifications')
      return
    }
    if (path === '/clock/stream') {
      only('GET')
      openStream(req, res, 'clock')
      return
    }
    if (path === '/notifications') {
      only('GET', 'POST')
      if (method === 'GET') {
        sendJson(res, 200, page(url.searchParams))
      } else {
        const body = await readJson(req)
        sendJson(res, 201, publish(/** @type {NotificationInput} */ (body ?? {})))
      }
      return
    }
    if (path === '/notifications/read-all') {
      only('POST')
      await readJson(req)
      sendJson(res, 200, { readAt: markAllRead() })
      return
    }
    const readMatch = /^\/notifications\/([^/]+)\/read$/.exec(path)
    if (readMatch) {
      only('POST')
      await readJson(req)
      const id = decodeSegment(/** @type {string} */ (readMatch[1]))
      const item = markRead(id)
      if (!item) throw new HttpError(404, 'not_found', `no notification with id ${JSON.stringify(id)}`)
      sendJson(res, 200, item)
      return
    }
    const itemMatch = /^\/notifications\/([^/]+)$/.exec(path)
    if (itemMatch) {
      only('GET', 'DELETE')
      const id = decodeSegment(/** @type {string} */ (itemMatch[1]))
      const entry = byId.get(id)
      if (!entry) throw new HttpError(404, 'not_found', `no notification with id ${JSON.stringify(id)}`)
      if (method === 'GET') {
        sendJson(res, 200, copy(entry.item))
      } else {
        remove(id)
        sendJson(res, 200, { id })
      }
      return
    }
    if (path === '/demo/drop') {
      only('POST')
      await readJson(req)
      sendJson(res, 200, { dropped: dropStreams() })
      return
    }
    if (path === '/demo/outage') {
      only('POST')
      const body = await readJson(req)
      const seconds = typeof body === 'object' && body !== null ? /** @type {Record<string, unknown>} */ (body).seconds : undefined
      if (typeof seconds !== 'number') throw new DemoServerValidationError('seconds must be a number', 'seconds')
      sendJson(res, 200, { until: startOutage(seconds) })
      return
    }
    if (path === '/demo/stats') {
      only('GET')
      sendJson(res, 200, stats())
      return
    }
    if (path === '/demo/reset') {
      only('POST')
      await readJson(req)
      reset()
      sendJson(res, 200, { ok: true })
      return
    }
    throw new HttpError(404, 'not_found', `no route for ${method} ${basePath}${path}`)
  }

  /** @param {URLSearchParams} params */
  function page(params) {
    const rawLimit = params.get('limit')
    let limit = 20
    if (rawLimit !== null && rawLimit !== '') {
      if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1) {
        throw new DemoServerValidationError('limit must be a positive integer', 'limit')
      }
      limit = Math.min(100, Number(rawLimit))
    }
    const cursor = params.get('cursor')
    let before = Number.POSITIVE_INFINITY
    if (cursor !== null && cursor !== '') before = decodeCursor(cursor)

    /** @type {DemoNotification[]} */
    const data = []
    let index = entries.length - 1
    while (index >= 0 && /** @type {{ seq: number }} */ (entries[index]).seq >= before) index--
    for (; index >= 0 && data.length < limit; index--) data.push(copy(/** @type {{ item: DemoNotification }} */ (entries[index]).item))
    const last = entries[index + 1]
    const nextCursor = index >= 0 && last ? encodeCursor(last.seq) : null
    return { data, nextCursor, unreadCount: unreadCount() }
  }

  function stats() {
    let open = 0
    let clock = 0
    for (const stream of streams) {
      if (stream.kind === 'notifications') open++
      else clock++
    }
    return {
      streams: open,
      clockStreams: clock,
      totalStreamConnections,
      notifications: entries.length,
      unread: unreadCount(),
      lastEventId: eventSeq,
      loggedEvents: eventLog.length,
      outageUntil: inOutage() ? new Date(outageUntil).toISOString() : null,
    }
  }

  function reset() {
    dropStreams()
    entries = []
    byId = new Map()
    eventLog = []
    totalStreamConnections = 0
    outageUntil = 0
  }

  function close() {
    clearInterval(autoPublishTimer)
    dropStreams()
  }

  /**
   * @param {number} [port]
   * @param {string} [host]
   * @returns {Promise<ListenResult>}
   */
  function listen(port = 0, host = '127.0.0.1') {
    const httpServer = createServer((req, res) => handle(req, res))
    return new Promise((resolve, reject) => {
      httpServer.once('error', reject)
      httpServer.listen(port, host, () => {
        httpServer.off('error', reject)
        const address = httpServer.address()
        const actualPort = typeof address === 'object' && address ? address.port : port
        const urlHost = host.includes(':') ? `[${host}]` : host
        resolve({
          url: `http://${urlHost}:${actualPort}`,
          port: actualPort,
          host,
          httpServer,
          close: () =>
            new Promise((done, fail) => {
              dropStreams()
              httpServer.close((error) => (error ? fail(error) : done()))
              httpServer.closeAllConnections()
            }),
        })
      })
    })
  }

  /**
   * @param {IncomingMessage} req
   * @returns {Promise<unknown>} The parsed body, or undefined when it is empty.
   */
  async function readJson(req) {
    const preParsed = /** @type {{ body?: unknown }} */ (req).body
    if (preParsed !== undefined) return preParsed
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      req.resume()
      throw new HttpError(413, 'payload_too_large', `the body must be at most ${maxBodyBytes} bytes`)
    }
    /** @type {Buffer[]} */
    const chunks = []
    let size = 0
    for await (const chunk of req) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : /** @type {Buffer} */ (chunk)
      size += buffer.length
      if (size > maxBodyBytes) {
        req.resume()
        throw new HttpError(413, 'payload_too_large', `the body must be at most ${maxBodyBytes} bytes`)
      }
      chunks.push(buffer)
    }
    const text = Buffer.concat(chunks).toString('utf8').trim()
    if (text === '') return undefined
    try {
      return JSON.parse(text)
    } catch {
      throw new HttpError(400, 'invalid_json', 'the body is not valid JSON')
    }
  }

  return {
    handle,
    broadcast,
    publish,
    markRead,
    markAllRead,
    remove,
    list,
    dropStreams: () => dropStreams(),
    startOutage,
    reset,
    stats,
    listen,
    close,
  }
}

/**
 * @param {number} id
 * @param {string | undefined} event
 * @param {string} data
 */
function formatEvent(id, event, data) {
  return `id: ${id}\n${event ? `event: ${event}\n` : ''}data: ${data}\n\n`
}

/** @param {number} seq */
function encodeCursor(seq) {
  return Buffer.from(`before:${seq}`, 'utf8').toString('base64url')
}

/** @param {string} cursor */
function decodeCursor(cursor) {
  const match = /^before:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!match) throw new DemoServerValidationError('cursor is not valid', 'cursor')
  return Number(match[1])
}

/** @param {string} segment */
function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new HttpError(400, 'invalid_request', 'the id is not valid URL encoding')
  }
}

/** @param {string} link */
function isSafeLink(link) {
  for (const char of link) {
    if (char.charCodeAt(0) < 0x20 || /\s/.test(char)) return false
  }
  if (/^https?:\/\//i.test(link)) {
    try {
      new URL(link)
      return true
    } catch {
      return false
    }
  }
  // Relative: no scheme before the first `/`, `?` or `#`, and not protocol-relative.
  return !link.startsWith('//') && !/^[a-z][a-z\d+.-]*:/i.test(link)
}

/**
 * @param {ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...headers,
  })
  res.end(text)
}
