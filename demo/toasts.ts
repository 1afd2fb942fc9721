import { toast } from 'vue-sonner'
import { onScopeDispose } from 'vue'
import type { useNotificationStore } from 'vue-sse-notifications'

export interface UseNotificationToastsOptions {
  /** Skips the toasts while it returns true, e.g. while the bell's panel shows the new rows already. */
  paused?: () => boolean
  /** The toast's "View" action. */
  onView: () => void
}

/**
 * A vue-sonner toast for each notification that arrives live: the store's
 * `onNew` leaves out REST pages and replays, so a reload or a reconnect does
 * not replay old toasts.
 */
export function useNotificationToasts(store: ReturnType<typeof useNotificationStore>, options: UseNotificationToastsOptions): void {
  const stop = store.onNew((items) => {
    if (options.paused?.()) return
    for (const item of items) {
      toast(item.title || item.message, {
        id: item.id,
        description: item.title ? item.message : undefined,
        action: { label: 'View', onClick: options.onView },
      })
    }
  })
  onScopeDispose(stop)
}
