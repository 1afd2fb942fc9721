import { shallowRef, toValue, type MaybeRefOrGetter, type Ref } from 'vue'
import type { NotificationItem } from '../types'
import { planDesktopNotifications, type DesktopNotificationContent } from '../utils/desktopNotifications'
import { tryOnScopeDispose } from '../utils/tryOnScopeDispose'

export type { DesktopNotificationContent } from '../utils/desktopNotifications'

/** What the composable uses of a shown notification. */
interface ShownNotification {
  close(): void
  onclick: ((event: Event) => unknown) | null
}

/** The parts of the browser's `Notification` the composable uses (for tests and other runtimes). */
export interface NotificationConstructorLike {
  new (title: string, options?: NotificationOptions): ShownNotification
  readonly permission: NotificationPermission
  requestPermission(): Promise<NotificationPermission>
}

/** Where new arrivals come from: the notification store (`useNotificationStore()`), or anything with its `onNew`. */
export interface NewNotificationsSource {
  onNew(handler: (items: NotificationItem[]) => void): () => unknown
}

export interface UseDesktopNotificationsOptions {
  /** Whether arrivals are shown, e.g. a user setting. @default true */
  enabled?: MaybeRefOrGetter<boolean>
  /**
   * What one notification shows; `null` shows nothing for it.
   * @default its title (else its message) as title, the message as body, its id as `tag`
   */
  format?: (item: NotificationItem) => DesktopNotificationContent | null
  /** Most notifications shown for one batch of arrivals; a larger batch is one summary. @default 3 */
  max?: number
  /** Title of the summary for `count` arrivals. @default (count) => `${count} new notifications` */
  summary?: (count: number) => string
  /**
   * Called when the user clicks a shown notification, after the tab was
   * focused and the notification closed; `item` is `undefined` for a summary.
   * @default undefined
   */
  onClick?: (item: NotificationItem | undefined) => void
  /** The Notification API. @default globalThis.Notification (none during SSR) */
  Notification?: NotificationConstructorLike
  /** The document whose visibility decides. @default globalThis.document */
  document?: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>
}

export interface UseDesktopNotificationsReturn {
  /** The Notification API exists here (false during SSR and in browsers without it). */
  isSupported: boolean
  /** `default` (not asked yet), `granted`, `denied`, or `unsupported`. */
  permission: Readonly<Ref<NotificationPermission | 'unsupported'>>
  /**
   * Asks the user for permission. Call it from a user action, such as a
   * button's click handler: browsers ignore or refuse the request otherwise,
   * so the composable never asks on its own.
   */
  requestPermission: () => Promise<NotificationPermission | 'unsupported'>
}

/**
 * Shows a desktop notification (the Notification API) for what arrives live
 * in `source` (the store's `onNew`) while the page is hidden, once the user
 * has granted permission. Notifications it showed close when the page is
 * visible again, and when the calling scope ends.
 */
export function useDesktopNotifications(
  source: NewNotificationsSource,
  options: UseDesktopNotificationsOptions = {},
): UseDesktopNotificationsReturn {
  const Api = options.Notification ?? (globalThis as { Notification?: NotificationConstructorLike }).Notification
  const doc = options.document ?? (typeof document === 'undefined' ? undefined : document)
  const permission = shallowRef<NotificationPermission | 'unsupported'>(Api?.permission ?? 'unsupported')

  async function requestPermission(): Promise<NotificationPermission | 'unsupported'> {
    if (!Api) return 'unsupported'
    permission.value = await Api.requestPermission()
    return permission.value
  }

  if (!Api || !doc) return { isSupported: false, permission, requestPermission }

  const shown = new Set<ShownNotification>()

  function closeAll(): void {
    for (const notification of shown) notification.close()
    shown.clear()
  }

  function show(items: NotificationItem[]): void {
    // Another tab or a settings page may have changed it since.
    permission.value = Api!.permission
    if (permission.value !== 'granted' || doc!.visibilityState !== 'hidden' || toValue(options.enabled) === false) return
    for (const { content, item } of planDesktopNotifications(items, options)) {
      const notification = new Api!(content.title, content.options)
      shown.add(notification)
      notification.onclick = () => {
        globalThis.focus?.()
        notification.close()
        shown.delete(notification)
        options.onClick?.(item)
      }
    }
  }

  function onVisibilityChange(): void {
    if (doc!.visibilityState === 'visible') closeAll()
  }

  const stop = source.onNew(show)
  doc.addEventListener('visibilitychange', onVisibilityChange)
  tryOnScopeDispose(() => {
    stop()
    doc.removeEventListener('visibilitychange', onVisibilityChange)
    closeAll()
  })

  return { isSupported: true, permission, requestPermission }
}
