import type { NotificationBellLabels } from './types'

const plural = (count: number, one: string, other: string): string =>
  `${count} ${count === 1 ? one : other}`

/** English texts used for every label not passed in the `labels` prop. */
export const defaultNotificationBellLabels: Readonly<NotificationBellLabels> = Object.freeze({
  title: 'Notifications',
  bellUnread: (count: number) => `Notifications, ${count} unread`,
  heading: 'Notifications',
  refresh: 'Refresh',
  markAllRead: 'Mark all read',
  list: 'Notification list',
  loading: 'Loading notifications…',
  empty: 'You have no notifications.',
  error: () => 'Notifications could not be loaded.',
  retry: 'Try again',
  reconnecting: 'Reconnecting… new notifications may be delayed.',
  offline: 'Live updates are unavailable.',
  unread: 'Unread',
  showMore: (count: number) => `Show more (${count})`,
  loadMore: 'Load more',
  loadingMore: 'Loading…',
  newNotifications: (count: number) => plural(count, 'new notification', 'new notifications'),
  unsafeLink: 'Link:',
})

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
