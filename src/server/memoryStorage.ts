import { NotificationServerError } from './NotificationServerError.js'
import { compareIds } from './order.js'
import { notificationEventData, nextStamp, type NotificationRecord, type StoredEvent } from './records.js'
import type { NewNotification, NotificationPageQuery, NotificationPageResult, NotificationStorage, StorageListener } from './storage.js'

export interface MemoryStorageOptions {
  /** Events kept per user for resuming; an older resume point gets `{ "replayed": false }`. @default 1000 */
  replayLogSize?: number
}

/** Counts of one user in a memory storage. */
export interface MemoryStorageStats {
  notifications: number
  unread: number
  /** Id of the user's newest event, `undefined` before any. */
  lastEventId: string | undefined
  /** Events kept for resuming. */
  loggedEvents: number
}

export interface MemoryStorage extends NotificationStorage {
  stats(userId: string): MemoryStorageStats
  /**
   * Forgets every notification and logged event of every user. Event ids keep
   * counting, and no earlier id can be resumed from, so clients re-check their list.
   */
  clear(): void
}

interface UserState {
  /** Oldest first; createdAt only grows, so new records are appended. */
  records: NotificationRecord[]
  byId: Map<string, NotificationRecord>
  unread: number
  /** The user's newest timestamp (see `nextStamp`). */
  clock: number
  log: { seq: number; event: StoredEvent }[]
  lastSeq: number
  /** Smallest resume point whose following events are all in `log`. */
  resumableFrom: number
  listeners: Set<StorageListener>
}

/**
 * Storage in this process's memory: no set-up, one process only, lost on
 * restart. Each user keeps a bounded replay log; notifications are kept until
 * deleted.
 */
export function createMemoryStorage(options: MemoryStorageOptions = {}): MemoryStorage {
  const replayLogSize = options.replayLogSize ?? 1000
  if (!Number.isInteger(replayLogSize) || replayLogSize < 1) {
    throw new TypeError(`replayLogSize must be a positive integer, got ${replayLogSize}`)
  }
  const users = new Map<string, UserState>()

  function user(userId: string): UserState {
    let state = users.get(userId)
    if (!state) {
      state = { records: [], byId: new Map(), unread: 0, clock: 0, log: [], lastSeq: 0, resumableFrom: 0, listeners: new Set() }
      users.set(userId, state)
    }
    return state
  }

  function append(state: UserState, { event, data }: { event: string; data: string }): string {
    const seq = ++state.lastSeq
    const stored: StoredEvent = { id: String(seq), event, data }
    state.log.push({ seq, event: stored })
    if (state.log.length > replayLogSize) {
      const dropped = state.log.splice(0, state.log.length - replayLogSize)
      state.resumableFrom = (dropped.at(-1) as { seq: number }).seq
    }
    for (const listener of [...state.listeners]) listener.onEvent(stored)
    return stored.id
  }

  /** Index of the record in `records` (found by its unique createdAt), or -1. */
  function indexOf(state: UserState, record: NotificationRecord): number {
    const index = firstIndexAtOrAfter(state.records, record.createdAt, record.id)
    return state.records[index] === record ? index : -1
  }

  function setRead(userId: string, id: string, now: number, read: boolean): NotificationRecord | undefined {
    const state = user(userId)
    const record = state.byId.get(id)
    if (!record) return undefined
    if ((record.readAt !== null) !== read) {
      const at = stamp(state, now)
      record.readAt = read ? at : null
      record.updatedAt = at
      state.unread += read ? -1 : 1
      append(state, notificationEventData.read(id, record.readAt))
    }
    return { ...record }
  }

  function stamp(state: UserState, now: number): number {
    state.clock = nextStamp(state.clock, now)
    return state.clock
  }

  const storage: MemoryStorage = {
    async create(userId: string, notification: NewNotification, now: number) {
      const state = user(userId)
      if (state.byId.has(notification.id)) {
        throw new NotificationServerError(409, 'conflict', `a notification with id ${JSON.stringify(notification.id)} exists`)
      }
      let createdAt: number
      if (notification.createdAt === undefined) {
        createdAt = stamp(state, now)
      } else if (notification.createdAt > state.clock) {
        createdAt = state.clock = notification.createdAt
      } else {
        throw new NotificationServerError(400, 'invalid_notification', 'createdAt must be later than every time the user has')
      }
      const record: NotificationRecord = { id: notification.id, body: notification.body, createdAt, readAt: null, updatedAt: createdAt }
      state.records.push(record)
      state.byId.set(record.id, record)
      state.unread++
      if (notification.broadcast) append(state, notificationEventData.created(record))
      return { ...record }
    },

    markRead: async (userId, id, now) => setRead(userId, id, now, true),
    markUnread: async (userId, id, now) => setRead(userId, id, now, false),

    async markAllRead(userId, now) {
      const state = user(userId)
      const readAt = stamp(state, now)
      for (const record of state.records) {
        if (record.readAt === null) record.readAt = record.updatedAt = readAt
      }
      state.unread = 0
      append(state, notificationEventData.readAll(readAt))
      return readAt
    },

    async remove(userId, id) {
      const state = user(userId)
      const record = state.byId.get(id)
      if (!record) return false
      state.records.splice(indexOf(state, record), 1)
      state.byId.delete(id)
      if (record.readAt === null) state.unread--
      append(state, notificationEventData.deleted(id))
      return true
    },

    async get(userId, id) {
      const record = users.get(userId)?.byId.get(id)
      return record ? { ...record } : undefined
    },

    async page(userId: string, query: NotificationPageQuery): Promise<NotificationPageResult> {
      const state = user(userId)
      const { before } = query
      let end = before ? firstIndexAtOrAfter(state.records, before.createdAt, before.id) : state.records.length
      const records: NotificationRecord[] = []
      while (end > 0 && records.length < query.limit) records.push({ ...(state.records[--end] as NotificationRecord) })
      return { records, hasMore: end > 0, unreadCount: state.unread }
    },

    async append(userId, event, data) {
      return append(user(userId), { event, data })
    },

    async subscribe(userId, listener) {
      const state = user(userId)
      state.listeners.add(listener)
      return () => {
        state.listeners.delete(listener)
      }
    },

    async eventsAfter(userId, lastEventId) {
      const state = user(userId)
      if (!/^\d{1,15}$/.test(lastEventId)) return undefined
      const seq = Number(lastEventId)
      if (seq < state.resumableFrom || seq > state.lastSeq) return undefined
      return state.log.filter((entry) => entry.seq > seq).map((entry) => entry.event)
    },

    async latestEventId(userId) {
      const { lastSeq } = user(userId)
      return lastSeq > 0 ? String(lastSeq) : undefined
    },

    async close() {
      for (const state of users.values()) state.listeners.clear()
    },

    stats(userId) {
      const state = user(userId)
      return {
        notifications: state.records.length,
        unread: state.unread,
        lastEventId: state.lastSeq > 0 ? String(state.lastSeq) : undefined,
        loggedEvents: state.log.length,
      }
    },

    clear() {
      for (const state of users.values()) {
        state.records = []
        state.byId.clear()
        state.unread = 0
        state.log = []
        state.resumableFrom = state.lastSeq + 1
      }
    },
  }
  return storage
}

/** First index whose record is at or after (createdAt, id) in creation order (binary search). */
function firstIndexAtOrAfter(records: readonly NotificationRecord[], createdAt: number, id: string): number {
  let low = 0
  let high = records.length
  while (low < high) {
    const mid = (low + high) >>> 1
    const record = records[mid] as NotificationRecord
    if (record.createdAt < createdAt || (record.createdAt === createdAt && compareIds(record.id, id) < 0)) low = mid + 1
    else high = mid
  }
  return low
}
