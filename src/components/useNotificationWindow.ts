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
 * How the bell's parts read the store's list: by index range, through the
 * store's `view`, so a part never needs the whole list at once and a change
 * copies nothing.
 */
export function useNotificationWindow(
  store: ReturnType<typeof useNotificationStore> = useNotificationStore(),
): UseNotificationWindowReturn {
  return {
    total: computed(() => store.view.count()),
    slice: (start, end) => store.view.slice(start, end),
    at: (index) => store.view.at(index),
  }
}
