// @ts-check
/**
 * The demo's server: the notification contract comes from the package's
 * server kit (`vue-sse-notifications/server`, memory storage, one demo user);
 * this file adds what only the demo needs: creating notifications from the
 * page's form (with validation), a clock stream, and fault controls (drop the
 * streams, simulate an outage). `handle(req, res, next)` is a connect-style
 * middleware for `node:http`, usable directly, inside Vite, or via `listen()`.
 */
import { createServer } from 'node:http'
import { NotificationServerError, createMemoryStorage, createNotificationServer, openEventStream } from 'vue-sse-notifications/server'
import { readJson, sampleNotification, sendJson, validateInput } from './demoInput.mjs'

export { DemoServerValidationError, sampleNotification } from './demoInput.mjs'

/**
 * @typedef {import('node:http').IncomingMessage} IncomingMessage
 * @typedef {import('node:http').ServerResponse} ServerResponse
 * @typedef {import('./contract-server.mjs').DemoServer} DemoServer
 * @typedef {import('./contract-server.mjs').DemoServerOptions} DemoServerOptions
 * @typedef {import('./contract-server.mjs').DemoNotification} DemoNotification
 * @typedef {import('./contract-server.mjs').NotificationInput} NotificationInput
 * @typedef {import('vue-sse-notifications/server').EventStream} EventStream
 */

/** Everyone on the demo page is the same user. */
const DEMO_USER = 'demo'

/**
 * @param {DemoServerOptions} [options]
 * @returns {DemoServer}
 */
export function createDemoServer(options = {}) {
  const basePath = (options.basePath ?? '/api').replace(/\/+$/, '')
  const clockIntervalMs = options.clockIntervalMs ?? 1000
  const retryMs = options.retryMs ?? 1000
  const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024
  const limits = {
    maxBodyBytes: options.maxBodyBytes ?? 16 * 1024,
    maxMessageLength: options.maxMessageLength ?? 1000,
    maxTitleLength: options.maxTitleLength ?? 200,
    maxLinkLength: options.maxLinkLength ?? 2048,
  }
  const now = options.now ?? (() => new Date())
  const storage = createMemoryStorage({ replayLogSize: Math.max(1, options.eventLogSize ?? 10_000) })
  let notificationSeq = 0
  const kit = createNotificationServer({
    basePath: `${basePath}/notifications`,
    authenticate: () => DEMO_USER,
    storage,
    heartbeatIntervalMs: options.pingIntervalMs ?? 15_000,
    retry: { minMs: retryMs, maxMs: retryMs },
    maxBufferedBytes,
    createId: () => `n${++notificationSeq}`,
    now: () => now().getTime(),
  })

  /** @type {Set<EventStream>} */
  const clockStreams = new Set()
  let acceptedBeforeReset = 0
  let outageUntil = 0
  let sampleIndex = 0

  /** @type {ReturnType<typeof setInterval> | undefined} */
  let autoPublishTimer
  if (options.autoPublishIntervalMs && options.autoPublishIntervalMs > 0) {
    autoPublishTimer = setInterval(() => {
      publish(sampleNotification(sampleIndex++)).catch((/** @type {unknown} */ error) => console.error(error))
    }, options.autoPublishIntervalMs)
    autoPublishTimer.unref?.()
  }

  const ready = seed(options.seed ?? 0)

  /**
   * Stores the seed without events, spaced 7 minutes apart up to now.
   * @param {number | NotificationInput[]} seedOption
   */
  async function seed(seedOption) {
    const inputs = typeof seedOption === 'number'
      ? Array.from({ length: Math.max(0, seedOption) }, () => sampleNotification(sampleIndex++))
      : seedOption
    const base = now().getTime()
    for (const [index, input] of inputs.entries()) {
      const createdAt = new Date(base - (inputs.length - index) * 7 * 60_000)
      await kit.publish(DEMO_USER, validateInput(input, limits), { createdAt, broadcast: false })
    }
  }

  /** @param {unknown} input */
  async function publish(input) {
    return /** @type {Promise<DemoNotification>} */ (kit.publish(DEMO_USER, validateInput(input, limits)))
  }

  async function list() {
    /** @type {DemoNotification[]} */
    const items = []
    let cursor = /** @type {string | null} */ (null)
    do {
      const page = await kit.list(DEMO_USER, { limit: 100, cursor })
      items.push(.../** @type {DemoNotification[]} */ (page.data))
      cursor = page.nextCursor
    } while (cursor)
    return items
  }

  function dropStreams() {
    const clocks = clockStreams.size
    for (const stream of [...clockStreams]) stream.close()
    return kit.dropConnections() + clocks
  }

  /** @param {number} seconds */
  function startOutage(seconds) {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 3600) {
      throw new NotificationServerError(400, 'invalid_request', 'seconds must be a number from 0 to 3600')
    }
    outageUntil = seconds > 0 ? Date.now() + seconds * 1000 : 0
    if (seconds > 0) dropStreams()
    return outageUntil ? new Date(outageUntil).toISOString() : null
  }

  function refuseDuringOutage() {
    if (outageUntil <= Date.now()) return
    const seconds = Math.max(1, Math.ceil((outageUntil - Date.now()) / 1000))
    throw new NotificationServerError(503, 'outage', 'simulated outage: the stream is unavailable', { 'Retry-After': String(seconds) })
  }

  /**
   * Unnamed `message` events with the server time; resumes its tick count from the last id.
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   * @param {URL} url
   */
  function openClock(req, res, url) {
    const header = req.headers['last-event-id']
    const last = Number((Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('lastEventId') ?? 0)
    let tick = Number.isSafeInteger(last) && last > 0 ? last : 0
    const stream = openEventStream(req, res, { retry: { minMs: retryMs, maxMs: retryMs }, heartbeatIntervalMs: 0, maxBufferedBytes })
    const sendTick = () => stream.send({ id: String(++tick), data: JSON.stringify({ now: now().toISOString() }) })
    sendTick()
    const timer = setInterval(sendTick, clockIntervalMs)
    timer.unref()
    clockStreams.add(stream)
    stream.onClose(() => {
      clearInterval(timer)
      clockStreams.delete(stream)
    })
  }

  function stats() {
    const kitStats = kit.stats()
    const stored = storage.stats(DEMO_USER)
    return {
      streams: kitStats.connections,
      clockStreams: clockStreams.size,
      totalStreamConnections: kitStats.acceptedConnections - acceptedBeforeReset,
      notifications: stored.notifications,
      unread: stored.unread,
      lastEventId: Number(stored.lastEventId ?? 0),
      loggedEvents: stored.loggedEvents,
      outageUntil: outageUntil > Date.now() ? new Date(outageUntil).toISOString() : null,
    }
  }

  function reset() {
    dropStreams()
    storage.clear()
    acceptedBeforeReset = kit.stats().acceptedConnections
    outageUntil = 0
  }

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   * @param {(error?: unknown) => void} [next]
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
      if (res.headersSent) res.destroy()
      else if (error instanceof NotificationServerError) {
        const field = /** @type {{ field?: string }} */ (error).field
        sendJson(res, error.status, { error: error.code, message: error.message, ...(field ? { field } : {}) }, error.headers)
      } else sendJson(res, 500, { error: 'internal_error', message: error instanceof Error ? error.message : String(error) })
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
        throw new NotificationServerError(405, 'method_not_allowed', `${method} is not allowed here`, { Allow: allowed.join(', ') })
      }
    }
    /** @type {Record<string, () => Promise<void>>} */
    const demoRoutes = {
      '/clock/stream': async () => {
        only('GET')
        refuseDuringOutage()
        openClock(req, res, url)
      },
      '/demo/drop': async () => {
        only('POST')
        await readJson(req, limits.maxBodyBytes)
        sendJson(res, 200, { dropped: dropStreams() })
      },
      '/demo/outage': async () => {
        only('POST')
        const body = await readJson(req, limits.maxBodyBytes)
        const seconds = typeof body === 'object' && body !== null ? /** @type {Record<string, unknown>} */ (body).seconds : undefined
        sendJson(res, 200, { until: startOutage(/** @type {number} */ (seconds)) })
      },
      '/demo/stats': async () => {
        only('GET')
        sendJson(res, 200, stats())
      },
      '/demo/reset': async () => {
        only('POST')
        await readJson(req, limits.maxBodyBytes)
        reset()
        sendJson(res, 200, { ok: true })
      },
    }
    const demoRoute = demoRoutes[path]
    if (demoRoute) return demoRoute()
    if (path === '/notifications' && method !== 'GET') {
      // Creating is the app's business, not the kit's: the page's form posts here.
      only('GET', 'POST')
      sendJson(res, 201, await publish((await readJson(req, limits.maxBodyBytes)) ?? {}))
      return
    }
    if (path === '/notifications/stream') refuseDuringOutage()
    if (path === '/notifications' || path.startsWith('/notifications/')) {
      await ready
      await kit.handle(req, res)
      return
    }
    throw new NotificationServerError(404, 'not_found', `no route for ${method} ${basePath}${path}`)
  }

  /**
   * @param {number} [port]
   * @param {string} [host]
   */
  async function listen(port = 0, host = '127.0.0.1') {
    await ready
    const httpServer = createServer((req, res) => handle(req, res))
    await new Promise((resolve, reject) => {
      httpServer.once('error', reject)
      httpServer.listen(port, host, () => {
        httpServer.off('error', reject)
        resolve(undefined)
      })
    })
    const address = httpServer.address()
    const actualPort = typeof address === 'object' && address ? address.port : port
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
      port: actualPort,
      host,
      httpServer,
      /** @returns {Promise<void>} */
      close: () =>
        new Promise((done, fail) => {
          dropStreams()
          httpServer.close((error) => (error ? fail(error) : done()))
          httpServer.closeAllConnections()
        }),
    }
  }

  return {
    ready,
    handle,
    broadcast: (event, data) => kit.broadcast(DEMO_USER, event, data),
    publish,
    markRead: (id) => /** @type {Promise<DemoNotification | undefined>} */ (kit.markRead(DEMO_USER, id)),
    markAllRead: () => kit.markAllRead(DEMO_USER),
    remove: (id) => kit.remove(DEMO_USER, id),
    list,
    dropStreams,
    startOutage,
    reset,
    stats,
    listen,
    close() {
      clearInterval(autoPublishTimer)
      dropStreams()
    },
  }
}
