import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import type { TutorialServerOptions } from './laravelClock'
import { SeedServer, sleep } from './seedServer'

/** A document of the `notifications` collection, as the model's `toJson()` writes it. */
export interface MongoNotification {
  _id: string
  user_id: number
  message: string
  link?: string
  updated_at: string
  created_at: string
}

const SESSION_COOKIE = 'laravel_session'
/** How long the observer keeps a new notification in the cache: `Cache::put($key, …, 600)`. */
const CACHE_TTL = 600_000

let objectIdCounter = randomBytes(3).readUIntBE(0, 3)
const objectIdRandom = randomBytes(5).toString('hex')

/** A MongoDB ObjectId: seconds, a per-process random part, a counter. */
function objectId(): string {
  objectIdCounter = (objectIdCounter + 1) % 0xffffff
  return `${Math.floor(Date.now() / 1000).toString(16).padStart(8, '0')}${objectIdRandom}${objectIdCounter.toString(16).padStart(6, '0')}`
}

let lastUniqid = 0
/** PHP's `uniqid()`: seconds and microseconds in 13 hex digits, never the same twice in one process. */
function uniqid(): string {
  const micros = Math.max(Date.now() * 1000, lastUniqid + 1)
  lastUniqid = micros
  const seconds = Math.floor(micros / 1e6)
  return `${seconds.toString(16).padStart(8, '0')}${(micros % 1e6).toString(16).padStart(5, '0')}`
}

/** Carbon's JSON form of a Mongo date (millisecond precision, shown as microseconds). */
function carbonJson(date: Date): string {
  return date.toISOString().replace(/Z$/, '000Z')
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return decodeURIComponent(value.join('='))
  }
  return undefined
}

/**
 * Seed 002: a Laravel 10 + MongoDB notification bell. `GET /notifications`
 * answers the user's latest 10 as a plain array; `GET /notifications/stream`
 * runs a loop per connection that `Cache::pull`s the user's new entries every
 * 2 s and writes each as `event: new-notification` with `id: uniqid()`. Both
 * sit behind `auth` (a session cookie, 401 without). There are no read
 * endpoints. Like PHP, a loop notices that its client has gone only when it
 * writes: by then it has pulled a notification out of the cache, which the
 * next connection never gets.
 */
export class LaravelMongoBell {
  readonly server: SeedServer
  /** Notifications a loop took from the cache for a client that had gone. */
  readonly swallowed: MongoNotification[] = []
  private readonly collection: MongoNotification[] = []
  private readonly cache = new Map<string, { value: string; expires: number }>()
  private readonly sessions = new Map<string, number>()
  private readonly interval: number

  constructor({ interval = 150, fallback }: TutorialServerOptions = {}) {
    this.interval = interval
    this.server = new SeedServer(
      {
        '/notifications': (req, res) => this.authenticated(req, res, (userId) => this.index(userId, res)),
        '/notifications/stream': (req, res) => this.authenticated(req, res, (userId) => this.stream(userId, res)),
      },
      fallback,
    )
  }

  /** A session for `userId`: the value of the `laravel_session` cookie. */
  signIn(userId: number): { name: string; value: string } {
    const value = randomBytes(20).toString('hex')
    this.sessions.set(value, userId)
    return { name: SESSION_COOKIE, value }
  }

  /**
   * `Notification::create([...])`, and the observer's `created` hook: the
   * model's JSON goes to the cache under `user.{id}.new_notification.{uniqid}`.
   */
  notify(userId: number, message: string, link?: string): MongoNotification {
    const now = carbonJson(new Date())
    // The model's attributes in the order Eloquent sets them; `_id` once inserted.
    const created = { user_id: userId, message, ...(link === undefined ? {} : { link }), updated_at: now, created_at: now }
    const document: MongoNotification = { ...created, _id: objectId() }
    this.collection.push(document)
    this.cache.set(`user.${userId}.new_notification.${uniqid()}`, { value: JSON.stringify(document), expires: Date.now() + CACHE_TTL })
    return document
  }

  /** `Cache::pull($key)`: the value, deleted; `null` when missing or expired. */
  private pull(key: string): string | null {
    const entry = this.cache.get(key)
    this.cache.delete(key)
    return entry && entry.expires > Date.now() ? entry.value : null
  }

  /** The `auth` middleware: the session's user, else 401 as Laravel answers it. */
  private authenticated(req: IncomingMessage, res: ServerResponse, next: (userId: number) => void): void {
    const session = cookie(req, SESSION_COOKIE)
    const userId = session === undefined ? undefined : this.sessions.get(session)
    if (userId === undefined) {
      res.writeHead(401, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' }).end('{"message":"Unauthenticated."}')
      return
    }
    next(userId)
  }

  /** `Notification::where('user_id', Auth::id())->latest()->take(10)->get()`, as JSON. */
  private index(userId: number, res: ServerResponse): void {
    const latest = this.collection
      .filter((document) => document.user_id === userId)
      .sort((a, b) => b.created_at.localeCompare(a.created_at))
      .slice(0, 10)
      // As stored: MongoDB puts `_id` first.
      .map(({ _id, ...rest }) => ({ _id, ...rest }))
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' }).end(JSON.stringify(latest))
  }

  /** The `SseController` loop. PHP sends the headers with the first flushed output. */
  private stream(userId: number, res: ServerResponse): void {
    const server = this.server
    const stream = server.openStream(res)
    const headers = {
      'Content-Type': 'text/event-stream',
      'X-Accel-Buffering': 'no',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    }
    void (async () => {
      const prefix = `user.${userId}.new_notification.`
      while (!server.stopped) {
        // The `DB::table('cache')->where('key', 'like', …)` scan, in key order.
        const keys = [...this.cache.keys()].filter((key) => key.startsWith(prefix)).sort()
        for (const key of keys) {
          const json = this.pull(key)
          if (json === null) continue
          if (!res.headersSent && !res.destroyed) res.writeHead(200, headers)
          const document = JSON.parse(json) as MongoNotification
          if (!server.write(res, stream, `event: new-notification\nid: ${uniqid()}\ndata: ${json}\n\n`, document.message)) {
            // PHP ends the script at a flush to a client that has gone: this one is lost to the stream.
            this.swallowed.push(document)
            return
          }
        }
        await sleep(this.interval)
      }
    })()
  }
}
