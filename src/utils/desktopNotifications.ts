import type { NotificationItem } from '../types'

/** One desktop notification: the arguments of `new Notification(title, options)`. */
export interface DesktopNotificationContent {
  title: string
  /** Body, icon, tag and the rest, as the Notification API takes them. */
  options?: NotificationOptions
}

export interface DesktopNotificationsPlan {
  /** What one notification shows; `null` shows nothing for it. */
  format?: (item: NotificationItem) => DesktopNotificationContent | null
  /** Most notifications for one batch; a larger batch is one summary. */
  max?: number
  /** Title of the summary for `count` arrivals. */
  summary?: (count: number) => string
}

/** A notification to show, with the item it is about (`undefined` for a summary). */
export interface PlannedDesktopNotification {
  content: DesktopNotificationContent
  item: NotificationItem | undefined
}

/** Title (else message) as title, the message as body; the id as tag, so that an item shown again replaces itself. */
export function defaultDesktopContent(item: NotificationItem): DesktopNotificationContent {
  return { title: item.title || item.message, options: { body: item.title ? item.message : undefined, tag: item.id } }
}

/**
 * The desktop notifications for one batch of arrivals: one per item, or one
 * summary when there are more than `max`, so that a burst does not flood the
 * desktop.
 */
export function planDesktopNotifications(items: readonly NotificationItem[], plan: DesktopNotificationsPlan = {}): PlannedDesktopNotification[] {
  const { format = defaultDesktopContent, max = 3, summary = (count: number) => `${count} new notifications` } = plan
  const planned = items.flatMap((item) => {
    const content = format(item)
    return content ? [{ content, item }] : []
  })
  if (planned.length <= Math.max(1, max)) return planned
  return [{ content: { title: summary(planned.length), options: { tag: 'vue-sse-notifications:summary' } }, item: undefined }]
}
