/** One notification, as the store holds it after normalisation. */
export interface NotificationItem {
  /** Unique id; items are merged by it. */
  id: string
  /** Text of the notification (plain text, never HTML). */
  message: string
  title?: string
  /** Where the notification leads: an http(s) or relative URL. */
  link?: string
  /** ISO 8601 creation time; the list is sorted on it, newest first. */
  createdAt: string
  /** ISO 8601 time it was read, or `null` while unread. */
  readAt: string | null
  /** ISO 8601 time of the last change; an older version never overwrites a newer one. */
  updatedAt?: string
}
