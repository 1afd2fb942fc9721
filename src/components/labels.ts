import type { NotificationBellLabels } from './types'

const plural = (count: number, one: string, other: string): string =>
  `${count} ${count === 1 ? one : other}`

const english: NotificationBellLabels = {
  title: 'Notifications',
  bellUnread: (count: number) => `Notifications, ${count} unread`,
  heading: 'Notifications',
  refresh: 'Refresh',
  markAllRead: 'Mark all read',
  list: 'Notification list',
  loading: 'Loading notifications…',
  empty: 'You have no notifications.',
  error: (error) => {
    if (error.kind === 'mark-read') return 'The notification could not be marked as read.'
    if (error.kind === 'mark-all-read') return 'The notifications could not be marked as read.'
    return 'Notifications could not be loaded.'
  },
  retry: 'Try again',
  reconnecting: 'Reconnecting… new notifications may be delayed.',
  offline: 'Live updates are unavailable.',
  unread: 'Unread',
  showMore: (count: number) => `Show more (${count})`,
  loadMore: 'Load more',
  loadingMore: 'Loading…',
  newNotifications: (count: number) => plural(count, 'new notification', 'new notifications'),
  unsafeLink: 'Link:',
}

/** English texts used for every label not passed in the `labels` prop. */
export const defaultNotificationBellLabels: Readonly<NotificationBellLabels> = Object.freeze(english)

/** Defaults merged with `overrides`; `undefined` values keep the default. */
export function resolveLabels(overrides: Partial<NotificationBellLabels> | undefined): NotificationBellLabels {
  const labels: NotificationBellLabels = { ...defaultNotificationBellLabels }
  if (!overrides) return labels
  for (const key of Object.keys(overrides) as (keyof NotificationBellLabels)[]) {
    const value = overrides[key]
    if (value !== undefined) (labels as unknown as Record<string, unknown>)[key] = value
  }
  return labels
}
