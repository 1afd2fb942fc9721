import type { NotificationItem } from '../types'
import type { NotificationsConfig } from './config'
import { NotificationsError } from './NotificationsError'
import { toIsoDate, toKey } from './normalize'

let lastNow = NaN
let lastNowIso = ''
/** The current time as ISO text, formatted once per millisecond (a burst normalises thousands of items in one). */
export function nowIso(): string {
  const now = Date.now()
  if (now !== lastNow) lastNowIso = new Date((lastNow = now)).toISOString()
  return lastNowIso
}

/** Id of a stream payload: the payload itself, or its `id` / `_id`. */
export function idOf(payload: unknown): string | undefined {
  const record = payload as Record<string, unknown> | null | undefined
  return toKey(payload) ?? toKey(record?.id) ?? toKey(record?._id)
}

/** `readAt` of a payload: a time, `null` (unread), or `undefined` when it does not say. */
export function readAtOf(payload: unknown): string | null | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined
  const record = payload as Record<string, unknown>
  const value = 'readAt' in record ? record.readAt : record.read_at
  return value === null ? null : toIsoDate(value)
}

/** A raw item as the store holds it; `null` for one archived here; an error for a rejected one. */
export type AcceptItem = (raw: unknown, source: 'stream' | 'server', fallbackId?: string) => NotificationItem | NotificationsError | null

export interface AcceptItemOptions {
  config: Pick<NotificationsConfig, 'normalize' | 'warn'>
  /** A stream-only inbox makes ids up: with a list, an item must be found there by its id. */
  makesIdsUp: boolean
  /** Applies the read state kept in this browser; `null` drops the item (archived here). */
  apply?: (item: NotificationItem) => NotificationItem | null
}

/** The store's door for items: normalised, checked, frozen, with local read state applied. */
export function createItemAcceptor({ config, makesIdsUp, apply }: AcceptItemOptions): AcceptItem {
  /**
   * The last id made up for a stream event without one, as a time in ms. Events
   * received in the same millisecond tie on `createdAt`, and ties sort by id:
   * each id is one past the previous at least (and keeps one length in base
   * 36), so arrival order holds.
   */
  let madeUp = 0

  return (raw, source, fallbackId) => {
    try {
      const receivedAt = nowIso()
      const result = config.normalize(raw, {
        source,
        receivedAt,
        fallbackId: source === 'server' || !makesIdsUp ? undefined : (fallbackId ?? `local-${(madeUp = Math.max(Date.now(), madeUp + 1)).toString(36)}`),
      })
      if (typeof result?.id !== 'string' || !result.id) {
        throw new NotificationsError('invalid-item', 'Normaliser returned no item with a string "id"')
      }
      const item: NotificationItem = Object.freeze({
        ...result,
        message: String(result.message ?? ''),
        createdAt: typeof result.createdAt === 'string' ? result.createdAt : receivedAt,
        readAt: typeof result.readAt === 'string' ? result.readAt : null,
      })
      return apply ? apply(item) : item
    } catch (cause) {
      const err =
        cause instanceof NotificationsError
          ? cause
          : new NotificationsError('invalid-item', `Rejected notification: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
      config.warn(`Dropped a notification from the ${source}: ${err.message}`, raw)
      return err
    }
  }
}
