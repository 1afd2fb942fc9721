import type { FetchedPage } from '../inbox/tickets'
import type { NotificationItem } from '../types'
import { nextTask } from '../utils/afterTask'
import type { AcceptItem } from './acceptItem'
import type { NotificationsConfig } from './config'
import { NotificationsError } from './NotificationsError'

/** Longest time (ms) one task spends normalising a page before it yields. */
const SLICE_BUDGET = 8

type PageConfig = Pick<NotificationsConfig, 'http' | 'listUrl' | 'pageSize' | 'limitParam' | 'cursorParam' | 'parsePage'>

/**
 * Fetches one page of the list (from `cursor`, or the first) and normalises its
 * items; rejected ones are left out (and warned about by `accept`).
 */
export function createPageFetcher(config: PageConfig, accept: AcceptItem): (cursor: string | null) => Promise<FetchedPage> {
  return async (cursor) => {
    const params: Record<string, string | number> = { [config.limitParam]: config.pageSize }
    if (cursor !== null) params[config.cursorParam] = cursor
    const response = await config.http.request<unknown>({ method: 'get', url: config.listUrl, params })
    const page = config.parsePage(response.data)
    const items: NotificationItem[] = []
    let sliceStart = performance.now()
    let sliced = false
    for (const raw of page.items) {
      const item = accept(raw, 'server')
      if (item && !(item instanceof NotificationsError)) items.push(item)
      // A long page is normalised in slices, with the page free to render in between.
      if (performance.now() - sliceStart > SLICE_BUDGET) {
        await nextTask()
        sliceStart = performance.now()
        sliced = true
      }
    }
    // Merging a long page takes a task of its own as well.
    if (sliced) await nextTask()
    return { items, nextCursor: page.nextCursor, unreadCount: page.unreadCount }
  }
}
