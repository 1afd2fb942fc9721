export { useEventStream } from './composables/useEventStream'
export type {
  EventData,
  EventHandler,
  EventMap,
  EventName,
  EventPayload,
  EventSourceConstructor,
  EventSourceLike,
  EventStreamStatus,
  UseEventStreamOptions,
  UseEventStreamReturn,
} from './composables/useEventStream'
export { EventStreamError } from './composables/EventStreamError'
export type { EventStreamErrorDetails, EventStreamErrorKind } from './composables/EventStreamError'
export type { BackoffOptions } from './utils/backoff'
export type { NotificationItem } from './types'
export { useNotificationStore } from './stores/notifications'
export { createNotifications } from './plugin'
export type { NotificationsPlugin } from './plugin'
export { configureNotifications, NOTIFICATIONS_OPTIONS_KEY } from './stores/options'
export type {
  NotificationsEndpoints,
  NotificationsEventNames,
  NotificationsHttpMethod,
  NotificationsOptions,
  NotificationsStreamOptions,
} from './stores/options'
export { NotificationsError } from './stores/NotificationsError'
export type { NotificationsErrorDetails, NotificationsErrorKind } from './stores/NotificationsError'
export { normalizeNotification, parseNotificationsPage } from './stores/normalize'
export type { NotificationNormalizer, NotificationsPage, NotificationsPageParser } from './stores/normalize'
export { default as NotificationBell } from './components/NotificationBell.vue'
export { defaultNotificationBellLabels } from './components/labels'
export { toSafeLink, isSafeLink } from './components/safeLink'
export type { SafeLink } from './components/safeLink'
export type {
  NotificationBellEmits,
  NotificationBellLabels,
  NotificationBellNavigate,
  NotificationBellProps,
  NotificationBellSlots,
  NotificationBellTheme,
  NotificationTime,
} from './components/types'
export { useSharedEventStream } from './composables/useSharedEventStream'
export type {
  BroadcastChannelLike,
  SharedStreamOptions,
  UseSharedEventStreamOptions,
  UseSharedEventStreamReturn,
} from './composables/useSharedEventStream'
export type { LockManagerLike, StorageLike } from './utils/electLeader'
