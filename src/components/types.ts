import type { NotificationsCapabilities } from '../stores/notifications'
import type { NotificationsError } from '../stores/NotificationsError'
import type { NotificationItem } from '../types'
import type { SafeLink } from './safeLink'

/** Texts of `NotificationBell`; pass a partial object in the `labels` prop to translate some or all. */
export interface NotificationBellLabels {
  /** Accessible name of the bell without unread notifications, and of the panel. */
  title: string
  /** Accessible name of the bell with `count` (> 0) unread notifications. */
  bellUnread: (count: number) => string
  /** Accessible name of the bell with `count` (> 0) unseen notifications, with `badge="unseen"`. */
  bellUnseen: (count: number) => string
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
  /** Shown when the Unread filter leaves nothing to show. */
  emptyUnread: string
  /**
   * Shown instead of `empty` by a stream-only inbox (no list to load) while its
   * stream is not open (connecting, or down): it cannot know that there is nothing.
   */
  emptyOffline: string
  /** Error banner: a page could not be loaded (store error kind `fetch`). */
  loadFailed: string
  /** Error banner: kind `mark-read`. */
  markReadFailed: string
  /** Error banner: kind `mark-unread`. */
  markUnreadFailed: string
  /** Error banner: kind `mark-all-read`. */
  markAllReadFailed: string
  /** Error banner: kind `archive`. */
  archiveFailed: string
  /** Error banner: kind `config`, an action this configuration does not offer. */
  notOffered: string
  /**
   * Error banner text for any error; return `undefined` to use the label of
   * its kind. Unset by default.
   */
  error?: (error: NotificationsError) => string | undefined
  retry: string
  /** Hint while the live connection is being re-established. */
  reconnecting: string
  /** Hint while live updates are unavailable; a known cause follows it. */
  offline: string
  /** Cause after `offline`: the stream got no answer at all (network, DNS, or a cross-origin answer without CORS headers). */
  unreachable: string
  /** Cause after `offline`: the stream was answered 200 with another content type than `text/event-stream`. */
  notEventStream: string
  /** Shown instead of the connection hint and the empty state when the stream was answered 401 or 403. */
  signedOut: string
  /** Text alternative of the unread marker, and the Unread filter tab. */
  unread: string
  /** The All filter tab. */
  all: string
  /** Accessible name of the filter tab list. */
  filter: string
  /** Row action; the notification's title or message follows in its accessible name. */
  markRead: string
  /** Row action; the notification's title or message follows in its accessible name. */
  markUnread: string
  /** Row action; the notification's title or message follows in its accessible name. */
  archive: string
  /** Reveals `count` more already loaded notifications. */
  showMore: (count: number) => string
  /** Fetches older notifications from the server. */
  loadMore: string
  loadingMore: string
  /** Live-region announcement for `count` new notifications. */
  newNotifications: (count: number) => string
  /** Prefix for a link that is not safe and therefore shown as text. */
  unsafeLink: string
  /** Ends the accessible name of a link that opens in a new tab. */
  opensInNewTab: string
  /** Accessible name of the button that hides the error banner. */
  dismiss: string
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
  /**
   * Side of the bell the panel is aligned with; the panel moves to the other
   * side or shifts along the edge when it would not fit in the viewport.
   * @default 'end'
   */
  align?: 'start' | 'end'
  /**
   * Viewport width (CSS px) below which the panel is a sheet as wide as the
   * viewport, just below the bell. `0` keeps the popover at every width.
   * @default 480
   */
  sheetBreakpoint?: number
  /** Close the panel when a notification with a link is chosen. @default true */
  closeOnSelect?: boolean
  /**
   * Shows All / Unread tabs above the list (`NotificationFilterTabs`, loaded
   * on demand); a `tabs` slot takes their place.
   * @default false
   */
  filterTabs?: boolean
  /**
   * What the badge counts: `unread` notifications, or `unseen` ones (unread
   * and newer than the last opening of the panel: opening it, and new
   * arrivals while it is open, call the store's `markSeen()`).
   * @default 'unread'
   */
  badge?: 'unread' | 'unseen'
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

/** What the `item` slot receives: it renders the content of one row. */
export interface NotificationItemSlotProps {
  item: NotificationItem
  unread: boolean
  /** The checked link, or `null` for none or an unsafe one. */
  link: SafeLink | null
  time: NotificationTime
  /** Position in the list, from 0. */
  index: number
}

/** What the `actions` slot receives: it renders controls beside a row. */
export interface NotificationItemActionsSlotProps {
  item: NotificationItem
  unread: boolean
  index: number
  /** The row is the list's Tab stop: its controls should be in the Tab sequence too, the others' not (`tabindex="-1"`). */
  tabbable: boolean
}

type Slot<Props> = (props: Props) => unknown

export interface NotificationPanelSlots {
  /** Replaces the panel header (heading, Refresh and Mark all read). */
  header?: Slot<{
    unreadCount: number
    loading: boolean
    /** Which actions the store's configuration offers (the default header shows only those). */
    capabilities: NotificationsCapabilities
    refresh: () => Promise<void>
    markAllRead: () => Promise<void>
    close: () => void
  }>
  /**
   * Below the header, above the list: the place for filter tabs. With this
   * slot the list area is a `role="tabpanel"` with id `tabpanelId`, labelled
   * by the element with id `${tabpanelId}-${store.filter}` (the selected tab,
   * as `NotificationFilterTabs` names its tabs).
   */
  tabs?: Slot<{ unreadCount: number; tabpanelId: string }>
  /**
   * Content of one row. It is rendered inside the row's link or button, so it
   * must not contain interactive elements.
   */
  item?: Slot<NotificationItemSlotProps>
  /** Controls beside a row, outside its link or button (so they may be buttons). */
  actions?: Slot<NotificationItemActionsSlotProps>
  /** Shown when the list is empty and nothing is loading or failing. */
  empty?: Slot<{ refresh: () => Promise<void> }>
  /** Below the list, inside the panel. */
  footer?: Slot<{
    hasMore: boolean
    loading: boolean
    loadMore: () => Promise<void>
    close: () => void
  }>
}

export interface NotificationBellSlots extends NotificationPanelSlots {
  /** Content of the bell button (default: an SVG bell). Decorative: the button is named by `labels`. */
  icon?: Slot<{ unreadCount: number; open: boolean }>
  /** Content of the badge, only rendered while the count it shows (see `badge`) is above 0. Hidden from assistive technology. */
  badge?: Slot<{ count: number; text: string; max: number }>
}

/** Options shared by the parts that render rows. */
export interface NotificationRowsProps {
  /** Texts; missing keys fall back to the English defaults. */
  labels?: Partial<NotificationBellLabels>
  /** Locale(s) for relative and absolute times. @default the browser's locale */
  locale?: string | string[]
  /** `target` of links to another origin. @default '_blank' */
  externalTarget?: '_blank' | '_self'
}

export interface NotificationListProps extends NotificationRowsProps {
  /** Rows reachable at first, and revealed per "Show more". @default 50 */
  pageSize?: number
  /** How often (ms) relative times are refreshed. @default 30000 */
  tickInterval?: number
  /** Opens same-origin links. @default (to) => window.location.assign(to) */
  navigate?: NotificationBellNavigate
}

/** A row was chosen: it is being marked read, and its link is followed next. */
export type NotificationSelectEvent = [item: NotificationItem, link: SafeLink | null, event: MouseEvent]

export interface NotificationListEmits {
  select: NotificationSelectEvent
}

export interface NotificationListSlots {
  item?: NotificationPanelSlots['item']
  actions?: NotificationPanelSlots['actions']
}

export interface NotificationPanelProps extends NotificationListProps {
  /** `dialog` for a popover (as `NotificationBell` renders it), `region` for a panel placed on a page. @default 'region' */
  role?: 'dialog' | 'region'
}

export interface NotificationPanelEmits {
  select: NotificationSelectEvent
  /** The `close` function of the `header` or `footer` slot was called. */
  close: []
}

export interface NotificationItemProps extends NotificationRowsProps {
  item: NotificationItem
  /** Position in the list, from 0 (`aria-posinset` is one more). @default 0 */
  index?: number
  /** Rows in the list (`aria-setsize`); leave unset when the row is not in a windowed list. */
  setSize?: number
  /** Time (ms) that relative times are told against. @default the time of rendering */
  now?: number
  /** In the Tab sequence; otherwise only the list's arrow keys reach it. @default true */
  tabbable?: boolean
}

export interface NotificationItemEmits {
  select: NotificationSelectEvent
}

export interface NotificationItemSlots {
  /** Content of the row's link or button. */
  default?: Slot<NotificationItemSlotProps>
  actions?: NotificationPanelSlots['actions']
}

export interface NotificationErrorBannerProps {
  error: NotificationsError
  /** Texts; missing keys fall back to the English defaults. */
  labels?: Partial<NotificationBellLabels>
}

export interface NotificationErrorBannerEmits {
  /** "Try again" was chosen; not offered for `config` errors, which a retry cannot fix. */
  retry: []
  /** The banner was dismissed. */
  dismiss: []
}

export interface NotificationErrorBannerSlots {
  /** The message (default: `labels.error(error)`). */
  default?: Slot<{ error: NotificationsError }>
}

export interface NotificationAnnouncerProps {
  /** Texts; `newNotifications` is the one used. */
  labels?: Partial<NotificationBellLabels>
  /** Minimum time (ms) between two announcements. @default 5000 */
  announceInterval?: number
}

export interface NotificationFilterTabsProps {
  /** Texts; `filter`, `all` and `unread` are the ones used. */
  labels?: Partial<NotificationBellLabels>
  /**
   * Id of the element the tabs show (`aria-controls`); the tabs then get the
   * ids `${tabpanelId}-all` and `${tabpanelId}-unread`, for its
   * `aria-labelledby`. `NotificationPanel` passes it in its `tabs` slot.
   * @default undefined (no `aria-controls`)
   */
  tabpanelId?: string
}

export interface NotificationItemActionsProps {
  /** The row's notification. */
  item: NotificationItem
  /** In the Tab sequence; pass the `actions` slot's `tabbable`. @default true */
  tabbable?: boolean
  /** Texts; `markRead`, `markUnread` and `archive` are the ones used. */
  labels?: Partial<NotificationBellLabels>
}
