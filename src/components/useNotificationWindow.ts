import { computed, type ComputedRef } from 'vue'
import { useNotificationStore } from '../stores/notifications'
import type { NotificationItem } from '../types'

export interface UseNotificationWindowReturn {
  /** Number of items listed (the store's `visibleItems`, under its `filter`), newest first. */
  total: ComputedRef<number>
  /**
   * Items from index `start` to `end` (exclusive). Reactive when read in a
   * computed or a render: it changes with the store's list.
   */
  slice: (start: number, end: number) => readonly NotificationItem[]
  /** The item at `index`, or `undefined` past the end. */
  at: (index: number) => NotificationItem | undefined
}

/**
 * How the bell's parts read the store's list: by index range, so a part
 * never needs the whole list at once. The one place to switch over when the
 * store offers ranged reads of its own.
 */
export function useNotificationWindow(
  store: ReturnType<typeof useNotificationStore> = useNotificationStore(),
): UseNotificationWindowReturn {
  return {
    total: computed(() => store.visibleItems.length),
    slice: (start, end) => store.visibleItems.slice(start, end),
    at: (index) => store.visibleItems[index],
  }
}
