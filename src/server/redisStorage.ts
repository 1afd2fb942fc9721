import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { NotificationServerError } from './NotificationServerError.js'
import { notificationEventData, type NotificationRecord, type StoredEvent } from './records.js'
import { APPEND, CREATE, PAGE, READ_ALL, REMOVE, SET_READ } from './redisScripts.js'
import type { NotificationStorage, StorageListener } from './storage.js'

export interface RedisStorageOptions {
  /**
   * An ioredis client. The storage opens two connections of its own with its
   * options (`duplicate()`): one for commands, one for subscriptions. It closes
   * them on `close()` and leaves this client alone.
   */
  redis: Redis
  /** First part of every key and channel, so several apps can share one Redis. @default 'notifications' */
  keyPrefix?: string
  /** Events kept per user in the stream; an older resume point gets `{ "replayed": false }`. @default 1000 */
  replayLogSize?: number
  /** Receives errors no caller can be told about (a failed unsubscribe, an unreadable message). @default console.error */
  onError?: (error: unknown) => void
}

interface UserKeys {
  /** events, items, order, unread, clock, trimmed: the keys of the change scripts. */
  all: [string, string, string, string, string, string]
  events: string
  trimmed: string
  channel: string
}

interface Channel {
  listeners: Set<StorageListener>
  ready: Promise<unknown>
}

/**
 * Storage in Redis, for one process or many: a Redis Stream per user is the
 * replay log (entry ids are the event ids, so they compare across processes),
 * and every change is published on a per-user channel that each process
 * subscribes to while it has streams of that user open. Records, read state
 * and the list order live in Redis too, so any process answers any request.
 * Needs Redis 7.0 or later.
 */
export function createRedisStorage(options: RedisStorageOptions): NotificationStorage {
  const prefix = options.keyPrefix ?? 'notifications'
  const replayLogSize = options.replayLogSize ?? 1000
  if (!Number.isInteger(replayLogSize) || replayLogSize < 1) {
    throw new TypeError(`replayLogSize must be a positive integer, got ${replayLogSize}`)
  }
  const onError = options.onError ?? ((error: unknown) => console.error('[vue-sse-notifications/server]', error))
  const commands = options.redis.duplicate({ replyMapping: 'legacy' })
  const subscriber = options.redis.duplicate({ replyMapping: 'legacy', autoResubscribe: false })
  const channels = new Map<string, Channel>()
  const shas = new Map<string, string>()

  commands.on('error', onError)
  subscriber.on('error', onError)
  subscriber.on('message', (name: string, message: string) => {
    const channel = channels.get(name)
    if (!channel) return
    let event: StoredEvent
    try {
      const [id, fields] = JSON.parse(message) as [string, string[]]
      event = decodeEvent(id, fields)
    } catch (error) {
      onError(error)
      return
    }
    for (const listener of [...channel.listeners]) listener.onEvent(event)
  })
  // Messages published while the subscription was down are lost: have every
  // stream resume from its last id, which the stream still holds.
  subscriber.on('close', () => {
    const interrupted = [...channels.values()]
    channels.clear()
    for (const channel of interrupted) for (const listener of channel.listeners) listener.onInterrupted()
  })

  function keysOf(userId: string): UserKeys {
    const base = `${prefix}:{${userId}}`
    const events = `${base}:events`
    const trimmed = `${base}:trimmed`
    return {
      all: [events, `${base}:items`, `${base}:order`, `${base}:unread`, `${base}:clock`, trimmed],
      events,
      trimmed,
      channel: `${base}:live`,
    }
  }

  /** Runs a script by its SHA, loading it on the first NOSCRIPT (after a restart or SCRIPT FLUSH). */
  async function run(script: string, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    let sha = shas.get(script)
    if (!sha) {
      sha = createHash('sha1').update(script).digest('hex')
      shas.set(script, sha)
    }
    try {
      return await commands.evalsha(sha, keys.length, ...keys, ...args)
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error
      return commands.eval(script, keys.length, ...keys, ...args)
    }
  }

  /** A change script: the user's keys, then the log size, channel, now and the script's own arguments. */
  function change(userId: string, script: string, now: number, args: readonly string[]): Promise<unknown> {
    const keys = keysOf(userId)
    return run(script, keys.all, [replayLogSize, keys.channel, Math.floor(now), ...args])
  }

  return {
    async create(userId, notification, now) {
      const createdAt = notification.createdAt === undefined ? '' : String(notification.createdAt)
      try {
        const packed = await change(userId, CREATE, now, [notification.id, notification.body, createdAt, notification.broadcast ? '1' : '0'])
        return decodeRecord(notification.id, packed as string)
      } catch (error) {
        // Redis reports a script's error_reply as `ERR <reply>`.
        const message = error instanceof Error ? error.message : ''
        if (/\bCONFLICT$/.test(message)) {
          throw new NotificationServerError(409, 'conflict', `a notification with id ${JSON.stringify(notification.id)} exists`)
        }
        if (/\bOUT_OF_ORDER$/.test(message)) {
          throw new NotificationServerError(400, 'invalid_notification', 'createdAt must be later than every time the user has')
        }
        throw error
      }
    },

    async markRead(userId, id, now) {
      const packed = await change(userId, SET_READ, now, [id, '1'])
      return packed === null ? undefined : decodeRecord(id, packed as string)
    },

    async markUnread(userId, id, now) {
      const packed = await change(userId, SET_READ, now, [id, '0'])
      return packed === null ? undefined : decodeRecord(id, packed as string)
    },

    async markAllRead(userId, now) {
      return Number(await change(userId, READ_ALL, now, []))
    },

    async remove(userId, id) {
      return (await change(userId, REMOVE, 0, [id])) === 1
    },

    async get(userId, id) {
      const packed = await commands.hget(keysOf(userId).all[1], id)
      return packed === null ? undefined : decodeRecord(id, packed)
    },

    async page(userId, query) {
      const [, items, order, unread] = keysOf(userId).all
      const bound = query.before === undefined ? '' : String(query.before.createdAt)
      const [ids, values, unreadCount] = (await run(PAGE, [items, order, unread], [bound, query.limit + 1])) as [
        string[],
        (string | null)[],
        number,
      ]
      const records: NotificationRecord[] = []
      ids.forEach((id, index) => {
        const packed = values[index]
        if (packed) records.push(decodeRecord(id, packed))
      })
      return { records: records.slice(0, query.limit), hasMore: ids.length > query.limit, unreadCount }
    },

    async append(userId, event, data) {
      return String(await change(userId, APPEND, 0, [event, data]))
    },

    async subscribe(userId, listener) {
      const name = keysOf(userId).channel
      let channel = channels.get(name)
      if (!channel) {
        const created: Channel = { listeners: new Set(), ready: subscriber.subscribe(name) }
        created.ready.catch(() => {
          if (channels.get(name) === created) channels.delete(name)
        })
        channels.set(name, created)
        channel = created
      }
      const joined = channel
      joined.listeners.add(listener)
      try {
        await joined.ready
      } catch (error) {
        joined.listeners.delete(listener)
        throw error
      }
      return () => {
        joined.listeners.delete(listener)
        if (joined.listeners.size > 0 || channels.get(name) !== joined) return
        channels.delete(name)
        subscriber.unsubscribe(name).catch(onError)
      }
    },

    async eventsAfter(userId, lastEventId) {
      if (!/^\d{1,20}-\d{1,20}$/.test(lastEventId)) return undefined
      const { events, trimmed } = keysOf(userId)
      const [newestTrimmed, range] = (await commands.multi().get(trimmed).xrange(events, lastEventId, '+').exec()) ?? []
      if (!newestTrimmed || newestTrimmed[0] || !range || range[0]) throw newestTrimmed?.[0] ?? range?.[0] ?? new Error('MULTI failed')
      const entries = range[1] as [string, string[]][]
      // Complete when no entry after the id was trimmed: the id is still in the
      // stream, or it is exactly the newest trimmed one. Any other id is too
      // old, or not from this log (e.g. a Redis that was flushed since).
      if (entries[0]?.[0] !== lastEventId && lastEventId !== newestTrimmed[1]) return undefined
      return entries.filter(([id]) => id !== lastEventId).map(([id, fields]) => decodeEvent(id, fields))
    },

    async latestEventId(userId) {
      const { events, trimmed } = keysOf(userId)
      const newest = await commands.xrevrange(events, '+', '-', 'COUNT', 1)
      return newest[0]?.[0] ?? (await commands.get(trimmed)) ?? undefined
    },

    async close() {
      channels.clear()
      await Promise.allSettled([commands.quit(), subscriber.quit()])
    },
  }
}

function decodeRecord(id: string, packed: string): NotificationRecord {
  const match = /^(\d+),(\d*),(\d+),(.*)$/s.exec(packed)
  if (!match) throw new Error(`unreadable record ${JSON.stringify(id)} in Redis`)
  const [, createdAt, readAt, updatedAt, body] = match as unknown as [string, string, string, string, string]
  return { id, body, createdAt: Number(createdAt), readAt: readAt === '' ? null : Number(readAt), updatedAt: Number(updatedAt) }
}

function decodeEvent(id: string, fields: readonly string[]): StoredEvent {
  const field = new Map<string, string>()
  for (let index = 0; index + 1 < fields.length; index += 2) field.set(fields[index] as string, fields[index + 1] as string)
  const custom = field.get('x')
  if (custom !== undefined) return { id, event: custom, data: field.get('d') ?? 'null' }
  const type = field.get('t')
  const itemId = field.get('i') ?? ''
  const readAt = field.get('r') ?? ''
  switch (type) {
    case 'notification':
      return { id, ...notificationEventData.created(decodeRecord(itemId, field.get('v') ?? '')) }
    case 'notification.read':
      return { id, ...notificationEventData.read(itemId, readAt === '' ? null : Number(readAt)) }
    case 'notification.deleted':
      return { id, ...notificationEventData.deleted(itemId) }
    case 'notifications.read-all':
      return { id, ...notificationEventData.readAll(Number(readAt)) }
    default:
      throw new Error(`stream entry ${id} has no known event (${JSON.stringify(type)})`)
  }
}
