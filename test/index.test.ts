import { describe, expect, it } from 'vitest'
import * as library from '../src/index'

/**
 * The public runtime API. Adding to it is a feature, removing from it is a
 * breaking change: either way this list changes on purpose, with its page in
 * docs/reference/ (test/docs/reference.test.ts checks there is one).
 */
const PUBLIC_EXPORTS = {
  EventStreamError: 'function',
  NOTIFICATIONS_OPTIONS_KEY: 'symbol',
  NotificationAnnouncer: 'object',
  NotificationBell: 'object',
  NotificationErrorBanner: 'object',
  NotificationFilterTabs: 'object',
  NotificationItem: 'object',
  NotificationItemActions: 'object',
  NotificationList: 'object',
  NotificationPanel: 'object',
  NotificationsError: 'function',
  configureNotifications: 'function',
  createNotifications: 'function',
  defaultNotificationBellLabels: 'object',
  isSafeLink: 'function',
  laravelNotifications: 'function',
  listAndStream: 'function',
  normalizeNotification: 'function',
  parseEventData: 'function',
  parseNotificationsPage: 'function',
  streamOnly: 'function',
  toSafeLink: 'function',
  useDesktopNotifications: 'function',
  useEventStream: 'function',
  useNotificationStore: 'function',
  useSharedEventStream: 'function',
}

describe('public API', () => {
  it('exports exactly the documented runtime values', () => {
    const actual = Object.fromEntries(Object.entries(library).map(([name, value]) => [name, typeof value]))
    expect(actual).toEqual(PUBLIC_EXPORTS)
  })
})
