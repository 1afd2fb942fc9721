import type { NotificationItem } from '../types'
import { NotificationsError } from './NotificationsError'

/** Where a raw notification came from, for normalisers that need it. */
export interface NormalizeContext {
  /** `stream`: an event's payload; `server`: an item of a list page. */
  source: 'stream' | 'server'
  /** Id to use when the payload has none: the event's own SSE `id:`, or one the store made up (stream only). */
  fallbackId?: string
  /** When the store received it (ISO 8601): the creation time when the payload has none. */
  receivedAt: string
}

/**
 * Turns one raw notification (REST item or stream payload) into a `NotificationItem`.
 * Throw or return `null` to reject it: the store drops it with a dev warning,
 * and a rejected stream event triggers a REST re-sync.
 */
export type NotificationNormalizer = (raw: unknown, context: NormalizeContext) => NotificationItem | null | undefined

/** One page of the list endpoint, after parsing. */
export interface NotificationsPage {
  /** Raw items, normalised one by one afterwards. */
  items: unknown[]
  /** Cursor of the next (older) page, `null` on the last page. */
  nextCursor: string | null
  /** Server-side unread total, when the API reports it. */
  unreadCount?: number
}

/** Turns the body of `GET {apiUrl}` into a page. */
export type NotificationsPageParser = (body: unknown) => NotificationsPage

type Raw = Record<string, unknown>

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function pick(sources: readonly (Raw | undefined)[], keys: readonly string[]): unknown {
  for (const source of sources) {
    if (!source) continue
    for (const key of keys) {
      const value = source[key]
      if (value !== undefined && value !== null) return value
    }
  }
  return undefined
}

function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}

/** A non-empty string, or a finite number as a string: the forms an id or a cursor may take. */
export function toKey(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined
  return Number.isFinite(value) ? String(value) : undefined
}

function toId(value: unknown): string | undefined {
  // Extended JSON ObjectId: { "$oid": "..." }
  return toKey(value) ?? (isRecord(value) && typeof value.$oid === 'string' ? toKey(value.$oid) : undefined)
}

/**
 * ISO 8601 string for a date given as ISO/SQL string, `Date`, epoch milliseconds
 * or epoch seconds, or Mongo's `{ $date }`. Unparsable input is returned as is.
 */
export function toIsoDate(value: unknown): string | undefined {
  if (isRecord(value) && '$date' in value) return toIsoDate(value.$date)
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString()
  if (typeof value === 'number' && Number.isFinite(value)) {
    return new Date(value < 1e11 ? value * 1000 : value).toISOString()
  }
  if (typeof value === 'string' && value) {
    const time = Date.parse(value)
    return Number.isNaN(time) ? value : new Date(time).toISOString()
  }
  return undefined
}

/** Fields the store reads itself, left out when a payload's own fields stand in for a message. */
const BOOKKEEPING = new Set(['id', '_id', 'uuid', 'type', 'read', 'readAt', 'read_at', 'createdAt', 'created_at', 'updatedAt', 'updated_at', 'link', 'url', 'href'])

/** `key: value` for each plain field, for a payload with no message field (`{ "time": "12:00" }`). */
function describeFields(record: Raw): string {
  return Object.entries(record)
    .filter(([key, value]) => !BOOKKEEPING.has(key) && toText(value) !== undefined)
    .map(([key, value]) => `${key}: ${toText(value)}`)
    .join(', ')
}

/**
 * Default normaliser. Accepts camelCase and snake_case fields (`readAt`/`read_at`,
 * `createdAt`/`created_at`, `updatedAt`/`updated_at`), Mongo's `_id`, and
 * Laravel's DatabaseNotification (`{ id, type, data: { message, title, link|url }, read_at, created_at }`).
 * Also understood: `body`/`text` for the message, `url`/`href` for the link, and
 * `read: true` without a time. A plain-text payload is the message; an object
 * without a message field shows its plain fields (`time: 12:00`). Without an id
 * it takes `context.fallbackId` (stream events), and without `createdAt` the
 * `updatedAt`, then the time it was received.
 * Throws a `NotificationsError` of kind `invalid-item` when the item is not an
 * object or a text, or has no id and no fallback.
 */
export function normalizeNotification(raw: unknown, context?: NormalizeContext): NotificationItem {
  const record = typeof raw === 'string' ? { message: raw } : raw
  if (!isRecord(record)) {
    throw new NotificationsError('invalid-item', `Notification must be an object, got ${raw === null ? 'null' : typeof raw}`)
  }
  const data = isRecord(record.data) ? record.data : undefined
  const sources = [record, data]
  const id = toId(record.id) ?? toId(record._id) ?? toId(record.uuid) ?? toId(data?.id) ?? context?.fallbackId
  if (id === undefined) {
    throw new NotificationsError('invalid-item', 'Notification has no id (expected "id" or "_id")')
  }
  const title = toText(pick(sources, ['title', 'subject']))
  const message = toText(pick(sources, ['message', 'body', 'text', 'content'])) ?? title ?? describeFields(data ?? record)
  const link = toText(pick(sources, ['link', 'url', 'href', 'action_url', 'actionUrl']))
  const updatedAt = toIsoDate(pick([record], ['updatedAt', 'updated_at']))
  const createdAt =
    toIsoDate(pick(sources, ['createdAt', 'created_at', 'timestamp', 'date'])) ??
    updatedAt ??
    context?.receivedAt ??
    new Date().toISOString()
  let readAt: string | null = toIsoDate(pick([record], ['readAt', 'read_at'])) ?? null
  if (readAt === null && record.read === true) readAt = updatedAt ?? createdAt

  const item: NotificationItem = { id, message, createdAt, readAt }
  if (title !== undefined && title !== message) item.title = title
  if (link !== undefined) item.link = link
  if (updatedAt !== undefined) item.updatedAt = updatedAt
  return item
}

/**
 * Parses an event's `data` for the store: JSON, or, when it does not look like
 * JSON (a plain-text stream such as `data: Message #3`), the text itself. Data
 * that starts like JSON but does not parse is malformed and throws.
 */
export function parseEventData(data: string): unknown {
  const start = data.trimStart()[0]
  if (start === '{' || start === '[' || start === '"') return JSON.parse(data)
  try {
    return JSON.parse(data)
  } catch {
    return data
  }
}

/**
 * Default page parser. Accepts a plain array (a single, last page),
 * `{ data, nextCursor, unreadCount }`, Laravel's cursor paginator
 * (`{ data, next_cursor }`, or `meta.next_cursor` with API resources) and
 * `{ items | notifications, ... }`.
 */
export function parseNotificationsPage(body: unknown): NotificationsPage {
  if (Array.isArray(body)) return { items: body, nextCursor: null }
  const record: Raw = isRecord(body) ? body : {}
  const list = [record.data, record.items, record.notifications].find(Array.isArray) as unknown[] | undefined
  if (!list) {
    // Also for a body that is not an object at all, such as an HTML error page.
    throw new NotificationsError('fetch', 'Unexpected list response: no "data" array (set parsePage for other shapes)')
  }
  const meta = isRecord(record.meta) ? record.meta : undefined
  const nextCursor = toKey(pick([record, meta], ['nextCursor', 'next_cursor'])) ?? null
  const unread = pick([record, meta], ['unreadCount', 'unread_count'])
  const page: NotificationsPage = { items: list, nextCursor }
  if (typeof unread === 'number' && Number.isFinite(unread)) page.unreadCount = Math.max(0, Math.floor(unread))
  return page
}
