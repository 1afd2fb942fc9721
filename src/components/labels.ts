import type { NotificationBellLabels } from './types'

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
  newNotifications: (count: number) => `${count} new notification${count === 1 ? '' : 's'}`,
  unsafeLink: 'Link:',
  opensInNewTab: '(opens in a new tab)',
  dismiss: 'Dismiss',
}

/** English texts used for every label not passed in the `labels` prop. */
export const defaultNotificationBellLabels: Readonly<NotificationBellLabels> = Object.freeze(english)

/** Defaults merged with `overrides`; `undefined` values keep the default. */
export function resolveLabels(overrides: Partial<NotificationBellLabels> | undefined): NotificationBellLabels {
  const labels: Record<string, unknown> = { ...defaultNotificationBellLabels }
  for (const [key, value] of Object.entries(overrides ?? {})) if (value !== undefined) labels[key] = value
  return labels as unknown as NotificationBellLabels
}
