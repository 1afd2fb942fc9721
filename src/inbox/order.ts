import type { NotificationItem } from '../types'

/**
 * Where an item sits in the list: newest first by `createdAt`, ties by id
 * descending. The server contract sorts the same way, so a page of the list
 * and the held list agree on which items lie between two others.
 */
export interface SortKey {
  /** `createdAt` in ms; 0 when unparsable, so such items sort as the oldest. */
  created: number
  id: string
}

/** Sort key of an item: `createdAt` in ms, 0 when unparsable. */
export const createdTime = (item: NotificationItem): number => Date.parse(item.createdAt) || 0

export const keyOf = (item: NotificationItem): SortKey => ({ created: createdTime(item), id: item.id })

const INTEGER = /^\d+$/

/**
 * Compares two ids: as integers when both are integer strings (`"10"` after
 * `"9"`, as a database orders an integer key), otherwise by UTF-16 code units.
 * Above 0 when `a` sorts as the newer.
 */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0
  if (INTEGER.test(a) && INTEGER.test(b)) {
    const left = a.replace(/^0+(?=\d)/, '')
    const right = b.replace(/^0+(?=\d)/, '')
    if (left.length !== right.length) return left.length - right.length
    if (left !== right) return left < right ? -1 : 1
  }
  return a < b ? -1 : 1
}

/** Above 0 when `a` is newer than `b`, below 0 when older, 0 for the same key. */
export function compareKeys(a: SortKey, b: SortKey): number {
  return a.created - b.created || compareIds(a.id, b.id)
}
