import { computed, markRaw, type ComputedRef, type Ref } from 'vue'
import type { NotificationCollection } from '../inbox/NotificationCollection'
import type { NotificationItem } from '../types'

/** Which items the panel lists. */
export type NotificationsFilter = 'all' | 'unread'

/** Ranged reads of the listed items, newest first. */
export interface NotificationsView {
  count: () => number
  at: (index: number) => NotificationItem | undefined
  slice: (start: number, end: number) => NotificationItem[]
}

export interface ListView {
  /** Every held item, newest first: a new array per change, so views that show a part read `view` instead. */
  items: ComputedRef<NotificationItem[]>
  /** The items the panel lists under `filter`. */
  visibleItems: ComputedRef<NotificationItem[]>
  /**
   * Ranged reads of `visibleItems`, reactive where read in a render or
   * computed. Under the `all` filter they read the held list in place: a change
   * copies nothing.
   */
  view: NotificationsView
}

/** The held list as the store shows it; `published` changes whenever Vue is to see a new state of `held`. */
export function createListView(held: NotificationCollection, published: Readonly<Ref<unknown>>, filter: Readonly<Ref<NotificationsFilter>>): ListView {
  const items = computed<NotificationItem[]>(() => {
    published.value // eslint-disable-line @typescript-eslint/no-unused-expressions -- dependency
    return held.toArray()
  })
  const visibleItems = computed<NotificationItem[]>(() =>
    filter.value === 'unread' ? items.value.filter((item) => item.readAt === null) : items.value,
  )
  const view = markRaw<NotificationsView>({
    count() {
      published.value // eslint-disable-line @typescript-eslint/no-unused-expressions -- dependency
      return filter.value === 'all' ? held.size : visibleItems.value.length
    },
    at(index) {
      published.value // eslint-disable-line @typescript-eslint/no-unused-expressions -- dependency
      return filter.value === 'all' ? held.at(index) : visibleItems.value[index]
    },
    slice(start, end) {
      published.value // eslint-disable-line @typescript-eslint/no-unused-expressions -- dependency
      return filter.value === 'all' ? held.slice(start, end) : visibleItems.value.slice(start, end)
    },
  })
  return { items, visibleItems, view }
}
