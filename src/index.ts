import NotificationItemComponent from './components/NotificationItem.vue'
import type { NotificationItem as NotificationItemData } from './types'

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
export { useNotificationStore } from './stores/notifications'
export { createNotifications } from './plugin'
export type { NotificationsPlugin } from './plugin'
export { configureNotifications, NOTIFICATIONS_OPTIONS_KEY } from './stores/options'
export type {
  LocalStateOptions,
  NotificationsEndpoints,
  NotificationsEventNames,
  NotificationsHttpMethod,
  NotificationsOptions,
  NotificationsStreamOptions,
  ReadStateMode,
  ReadStateOptions,
} from './stores/options'
export type { NotificationsCapabilities, NotificationsFilter } from './stores/notifications'
export type { InboxSnapshot } from './inbox/tickets'
export { NotificationsError } from './stores/NotificationsError'
export type { NotificationsAction, NotificationsErrorDetails, NotificationsErrorKind } from './stores/NotificationsError'
export { normalizeNotification, parseEventData, parseNotificationsPage } from './stores/normalize'
export type { NormalizeContext, NotificationNormalizer, NotificationsPage, NotificationsPageParser } from './stores/normalize'
export { laravelNotifications, listAndStream, streamOnly } from './stores/presets'
export type { LaravelPresetOptions, ListAndStreamPresetOptions, StreamOnlyPresetOptions } from './stores/presets'
export { default as NotificationBell } from './components/NotificationBell.vue'
export { default as NotificationPanel } from './components/NotificationPanel.vue'
export { default as NotificationList } from './components/NotificationList.vue'
export { default as NotificationErrorBanner } from './components/NotificationErrorBanner.vue'
export { default as NotificationAnnouncer } from './components/NotificationAnnouncer.vue'
export { default as NotificationFilterTabs } from './components/NotificationFilterTabs.vue'
export { default as NotificationItemActions } from './components/NotificationItemActions.vue'
export { useDesktopNotifications } from './composables/useDesktopNotifications'
export type {
  DesktopNotificationContent,
  NewNotificationsSource,
  NotificationConstructorLike,
  UseDesktopNotificationsOptions,
  UseDesktopNotificationsReturn,
} from './composables/useDesktopNotifications'
/**
 * `NotificationItem` is two things: as a type, one notification as the store
 * holds it; as a value, the component that renders one as a row.
 */
export const NotificationItem: typeof NotificationItemComponent = NotificationItemComponent
export type NotificationItem = NotificationItemData
export { defaultNotificationBellLabels } from './components/labels'
export { toSafeLink, isSafeLink } from './components/safeLink'
export type { SafeLink } from './components/safeLink'
export type {
  NotificationAnnouncerProps,
  NotificationBellEmits,
  NotificationBellLabels,
  NotificationBellNavigate,
  NotificationBellProps,
  NotificationBellSlots,
  NotificationBellTheme,
  NotificationErrorBannerEmits,
  NotificationErrorBannerProps,
  NotificationErrorBannerSlots,
  NotificationFilterTabsProps,
  NotificationItemActionsProps,
  NotificationItemActionsSlotProps,
  NotificationItemEmits,
  NotificationItemProps,
  NotificationItemSlotProps,
  NotificationItemSlots,
  NotificationListEmits,
  NotificationListProps,
  NotificationListSlots,
  NotificationPanelEmits,
  NotificationPanelProps,
  NotificationPanelSlots,
  NotificationRowsProps,
  NotificationSelectEvent,
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
