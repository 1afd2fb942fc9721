import type { NotificationsError } from '../stores/NotificationsError'
import type { NotificationItem } from '../types'
import type { SafeLink } from './safeLink'

/** Texts of `NotificationBell`; pass a partial object in the `labels` prop to translate some or all. */
export interface NotificationBellLabels {
  /** Accessible name of the bell without unread notifications, and of the panel. */
  title: string
  /** Accessible name of the bell with `count` (> 0) unread notifications. */
  bellUnread: (count: number) => string
  /** Visible heading of the panel. */
  heading: string
  refresh: string
  markAllRead: string
  /** Accessible name of the list. */
  list: string
  /** Shown while the first page loads. */
  loading: string
  /** Shown when there is nothing to show. */
  empty: string
  /**
   * Shown for the store's `error` of kind `fetch`, `config`, `mark-read` or
   * `mark-all-read` (stream errors are covered by `reconnecting`/`offline`).
   */
  error: (error: NotificationsError) => string
  retry: string
  /** Hint while the live connection is being re-established. */
  reconnecting: string
  /** Hint while the live connection is closed. */
  offline: string
  /** Text alternative of the unread marker. */
  unread: string
  /** Reveals `count` more already loaded notifications. */
  showMore: (count: number) => string
  /** Fetches older notifications from the server. */
  loadMore: string
  loadingMore: string
  /** Live-region announcement for `count` new notifications. */
  newNotifications: (count: number) => string
  /** Prefix for a link that is not safe and therefore shown as text. */
  unsafeLink: string
}

export type NotificationBellTheme = 'light' | 'dark' | 'auto'

/**
 * Navigation for same-origin links. `to` is path, query and hash of the link,
 * ready for `router.push(to)`.
 */
export type NotificationBellNavigate = (to: string, item: NotificationItem, link: SafeLink) => void

export interface NotificationBellProps {
  /** Whether the panel is open (`v-model:open`). Leave unset for an uncontrolled bell. */
  open?: boolean
  /** Initial open state of an uncontrolled bell. @default false */
  defaultOpen?: boolean
  /** Largest count the badge shows; above it shows `${max}+`. @default 99 */
  max?: number
  /**
   * On mount, when the store is not connected (`idle` or `closed`), call
   * `connect()` and `refresh()`. The bell never disconnects the shared store.
   * @default true
   */
  autoConnect?: boolean
  /** Texts; missing keys fall back to the English defaults. */
  labels?: Partial<NotificationBellLabels>
  /** Locale(s) for relative and absolute times. @default the browser's locale */
  locale?: string | string[]
  /** Colour scheme; `auto` follows `prefers-color-scheme`. @default 'auto' */
  theme?: NotificationBellTheme
  /** Opens same-origin links. @default (to) => window.location.assign(to) */
  navigate?: NotificationBellNavigate
  /** `target` of links to another origin. @default '_blank' */
  externalTarget?: '_blank' | '_self'
  /** Rows rendered at once, and revealed per "Show more". @default 50 */
  pageSize?: number
  /** Minimum time (ms) between two live-region announcements. @default 5000 */
  announceInterval?: number
  /** How often (ms) relative times are refreshed while the panel is open. @default 30000 */
  tickInterval?: number
  /** Side of the bell the panel is aligned with. @default 'end' */
  align?: 'start' | 'end'
  /** Close the panel when a notification with a link is chosen. @default true */
  closeOnSelect?: boolean
}

export interface NotificationBellEmits {
  /** The panel opened or closed. */
  'update:open': [open: boolean]
  /** A notification was chosen (it is being marked read; a link is followed next). */
  select: [item: NotificationItem]
}

/** Times of a notification, as shown. */
export interface NotificationTime {
  /** Value of the `datetime` attribute (the item's `createdAt`). */
  datetime: string
  /** Relative text, e.g. "5 minutes ago"; empty when `createdAt` is not a date. */
  relative: string
  /** Absolute date and time in `locale`; empty when `createdAt` is not a date. */
  absolute: string
}

export interface NotificationBellSlots {
  /** Content of the bell button (default: an SVG bell). Decorative: the button is named by `labels`. */
  icon?: (props: { unreadCount: number; open: boolean }) => unknown
  /** Content of the badge, only rendered while `unreadCount > 0`. Hidden from assistive technology. */
  badge?: (props: { count: number; text: string; max: number }) => unknown
  /** Replaces the panel header (heading, Refresh and Mark all read). */
  header?: (props: {
    unreadCount: number
    loading: boolean
    refresh: () => Promise<void>
    markAllRead: () => Promise<void>
    close: () => void
  }) => unknown
  /**
   * Content of one row. It is rendered inside the row's link or button, so it
   * must not contain interactive elements.
   */
  item?: (props: {
    item: NotificationItem
    unread: boolean
    link: SafeLink | null
    time: NotificationTime
    index: number
  }) => unknown
  /** Shown when the list is empty and nothing is loading or failing. */
  empty?: (props: { refresh: () => Promise<void> }) => unknown
  /** Below the list, inside the panel. */
  footer?: (props: {
    hasMore: boolean
    loading: boolean
    loadMore: () => Promise<void>
    close: () => void
  }) => unknown
}
