import type { NotificationRecord, StoredEvent } from './records.js'

/** A notification to store; `createdAt` is set by the storage unless given. */
export interface NewNotification {
  id: string
  /** The app's fields: JSON text of an object. */
  body: string
  /** Epoch ms; must be later than every timestamp the user has. @default now */
  createdAt?: number
  /** Append a `notification` event (false: store only, e.g. when importing). */
  broadcast: boolean
}

export interface NotificationPageQuery {
  limit: number
  /** Only records before this one in list order (newest first by createdAt, then id). */
  before?: { createdAt: number; id: string }
}

export interface NotificationPageResult {
  records: NotificationRecord[]
  /** Whether records follow the last one. */
  hasMore: boolean
  /** The user's unread total. */
  unreadCount: number
}

export interface StorageListener {
  /** An event appended to the user's log, in log order. */
  onEvent(event: StoredEvent): void
  /** The storage may have missed events for this listener: close the connection so the client resumes. */
  onInterrupted(): void
}

/**
 * Where notifications and each user's event log live. Every change is atomic
 * with the event it appends, and events reach subscribers in log order. Times
 * passed as `now` are epoch ms; ids of events must have the form `<integer>`
 * or `<ms>-<seq>` (see `compareEventIds`).
 */
export interface NotificationStorage {
  /** Throws `NotificationServerError` 409 for a taken id, 400 for a `createdAt` not after the user's newest time. */
  create(userId: string, notification: NewNotification, now: number): Promise<NotificationRecord>
  /** Sets `readAt` if unset and appends `notification.read`; `undefined` for an unknown id. */
  markRead(userId: string, id: string, now: number): Promise<NotificationRecord | undefined>
  /** Clears `readAt` if set and appends `notification.read` with `readAt: null`. */
  markUnread(userId: string, id: string, now: number): Promise<NotificationRecord | undefined>
  /** Marks every unread record read at one time T, appends `notifications.read-all`; returns T. */
  markAllRead(userId: string, now: number): Promise<number>
  /** Deletes and appends `notification.deleted`; false for an unknown id. */
  remove(userId: string, id: string): Promise<boolean>
  get(userId: string, id: string): Promise<NotificationRecord | undefined>
  page(userId: string, query: NotificationPageQuery): Promise<NotificationPageResult>
  /** Appends an event of the app's own (data: JSON text); returns its id. */
  append(userId: string, event: string, data: string): Promise<string>
  /**
   * Delivers the user's events appended from now on. Resolves once delivery is
   * set up, with the function that ends it.
   */
  subscribe(userId: string, listener: StorageListener): Promise<() => void>
  /**
   * Every event after `lastEventId`, in order; `undefined` when they cannot all
   * be given (the id is malformed, unknown, or older than the kept log).
   */
  eventsAfter(userId: string, lastEventId: string): Promise<StoredEvent[] | undefined>
  /** Id of the user's newest event, `undefined` before the first. */
  latestEventId(userId: string): Promise<string | undefined>
  /** Releases connections and timers the storage opened. */
  close(): Promise<void>
}
