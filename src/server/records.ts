/**
 * What storages keep and how it reaches the wire: records hold times as epoch
 * milliseconds and the app's own fields as JSON text; the stream and the REST
 * answers carry ISO 8601 strings.
 */

/** One stored notification. */
export interface NotificationRecord {
  id: string
  /** The app's fields as the JSON text of an object, without `id` and the times. */
  body: string
  /** Epoch ms; strictly increasing per user. */
  createdAt: number
  /** Epoch ms, or `null` while unread. */
  readAt: number | null
  /** Epoch ms of the last change; grows with every change. */
  updatedAt: number
}

/** An event of a user's log, ready to be written: `data` is JSON text. */
export interface StoredEvent {
  id: string
  event: string
  data: string
}

/** Names of the contract's stream events. */
export const STREAM_EVENTS = {
  created: 'notification',
  read: 'notification.read',
  deleted: 'notification.deleted',
  readAll: 'notifications.read-all',
  sync: 'notifications.sync',
  ping: 'ping',
} as const

/** A notification as the REST answers and the stream carry it. */
export type ServerNotification<TBody extends object = Record<string, unknown>> = TBody & {
  id: string
  /** ISO 8601. */
  createdAt: string
  /** ISO 8601, or `null` while unread. */
  readAt: string | null
  /** ISO 8601. */
  updatedAt: string
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString()
}

/** The record as JSON text, without parsing the body again (it is the JSON of an object). */
export function notificationJson(record: NotificationRecord): string {
  const fields = record.body.trim().slice(1, -1).trim()
  const readAt = record.readAt === null ? 'null' : `"${toIso(record.readAt)}"`
  const times = `"createdAt":"${toIso(record.createdAt)}","readAt":${readAt},"updatedAt":"${toIso(record.updatedAt)}"`
  return `{"id":${JSON.stringify(record.id)},${fields ? `${fields},` : ''}${times}}`
}

export function toNotification<TBody extends object>(record: NotificationRecord): ServerNotification<TBody> {
  return JSON.parse(notificationJson(record)) as ServerNotification<TBody>
}

/** `event` and `data` of the event a change of a record broadcasts. */
export const notificationEventData = {
  created: (record: NotificationRecord) => ({ event: STREAM_EVENTS.created, data: notificationJson(record) }),
  read: (id: string, readAt: number | null) => ({
    event: STREAM_EVENTS.read,
    data: JSON.stringify({ id, readAt: readAt === null ? null : toIso(readAt) }),
  }),
  deleted: (id: string) => ({ event: STREAM_EVENTS.deleted, data: JSON.stringify({ id }) }),
  readAll: (readAt: number) => ({ event: STREAM_EVENTS.readAll, data: JSON.stringify({ readAt: toIso(readAt) }) }),
}

/**
 * The next timestamp of a user: now, or 1 ms after the user's previous one when
 * that is not earlier, so that every createdAt, readAt and updatedAt of a user
 * is unique and increasing (no two items tie, a read-all's time is after every
 * item it covers, and every change has a newer `updatedAt`).
 */
export function nextStamp(clock: number, now: number): number {
  return Math.max(Math.floor(now), clock + 1)
}
