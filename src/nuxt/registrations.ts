/** The package as a Nuxt app imports it: the auto-imports and components resolve to its main entry. */
export const PACKAGE_NAME = 'vue-sse-notifications'

/** Composables of the main entry that the module auto-imports. */
export const AUTO_IMPORTED_COMPOSABLES = [
  'useEventStream',
  'useSharedEventStream',
  'useNotificationStore',
  'useDesktopNotifications',
] as const

/**
 * Components of the main entry that the module registers. They render on the
 * client only: they read the notification store, which is configured in the browser.
 */
export const CLIENT_COMPONENTS = [
  'NotificationBell',
  'NotificationPanel',
  'NotificationList',
  'NotificationItem',
  'NotificationErrorBanner',
  'NotificationAnnouncer',
  'NotificationFilterTabs',
  'NotificationItemActions',
] as const
