import type { NotificationBellLabels } from './types'

const english: NotificationBellLabels = {
  title: 'Notifications',
  bellUnread: (count: number) => `Notifications, ${count} unread`,
  bellUnseen: (count: number) => `Notifications, ${count} new`,
  heading: 'Notifications',
  refresh: 'Refresh',
  markAllRead: 'Mark all read',
  list: 'Notification list',
  loading: 'Loading notifications…',
  empty: 'You have no notifications.',
  emptyUnread: 'You have no unread notifications.',
  emptyOffline: 'No notifications received yet.',
  loadFailed: 'Notifications could not be loaded.',
  markReadFailed: 'The notification could not be marked as read.',
  markUnreadFailed: 'The notification could not be marked as unread.',
  markAllReadFailed: 'The notifications could not be marked as read.',
  archiveFailed: 'The notification could not be archived.',
  notOffered: 'This action is not available.',
  retry: 'Try again',
  reconnecting: 'Reconnecting… new notifications may be delayed.',
  offline: 'Live updates are unavailable.',
  unreachable: 'The server cannot be reached (offline, or blocked by CORS?).',
  notEventStream: 'The server sent no event stream (a login page?).',
  signedOut: 'You are signed out. Sign in to see your notifications.',
  unread: 'Unread',
  all: 'All',
  filter: 'Filter',
  markRead: 'Mark as read',
  markUnread: 'Mark as unread',
  archive: 'Archive',
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
