import type { NotificationItem } from '../types'

/** One held notification with the bookkeeping the merge rules need. */
export interface NotificationEntry {
  item: NotificationItem
  /** `createdAt` in ms (0 when unparsable); the sort key. */
  created: number
  /** `updatedAt` in ms, when the item has one. */
  updated: number | undefined
  /** Change counter value when the entry was first stored. */
  born: number
  /** Change counter value of the last write. */
  changed: number
}

function timeOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const time = Date.parse(value)
  return Number.isNaN(time) ? undefined : time
}

/** `true` when `a` is newer than `b`: later `createdAt`, then greater id for a stable order. */
function newer(aCreated: number, aId: string, b: NotificationEntry): boolean {
  return aCreated > b.created || (aCreated === b.created && aId > b.item.id)
}

/** Whether `incoming` is an older version of `existing`, judged by `updatedAt`. */
export function isOlderVersion(incoming: NotificationItem, existing: NotificationItem): boolean {
  const a = timeOf(incoming.updatedAt)
  const b = timeOf(existing.updatedAt)
  return a !== undefined && b !== undefined && a < b
}

/** Whether `incoming` is a strictly newer version of `existing`, judged by `updatedAt`. */
export function isNewerVersion(incoming: NotificationItem, existing: NotificationItem): boolean {
  const a = timeOf(incoming.updatedAt)
  const b = timeOf(existing.updatedAt)
  return a !== undefined && b !== undefined && a > b
}

/**
 * Notifications by id plus an array kept sorted oldest first (so the usual new,
 * newest item is a push), updated by binary search: an upsert costs O(log n)
 * plus at most one array splice. Also keeps the number of unread items. No
 * reactivity: the store wraps it.
 */
export class NotificationCollection {
  private readonly byId = new Map<string, NotificationEntry>()
  /** Oldest first. */
  private readonly order: NotificationEntry[] = []
  private unreadTotal = 0
  private counter = 0

  get size(): number {
    return this.order.length
  }

  /** Number of held items with `readAt === null`. */
  get unread(): number {
    return this.unreadTotal
  }

  /** Current value of the change counter; every write increments it. */
  get clock(): number {
    return this.counter
  }

  /** Advances the change counter without a write (to order non-item events). */
  tick(): number {
    return ++this.counter
  }

  get(id: string): NotificationEntry | undefined {
    return this.byId.get(id)
  }

  /** Oldest held entry (end of the list). */
  oldest(): NotificationEntry | undefined {
    return this.order[0]
  }

  /** Held entries, oldest first. */
  entries(): readonly NotificationEntry[] {
    return this.order
  }

  /** Items newest first, as a new array. */
  toArray(): NotificationItem[] {
    const last = this.order.length - 1
    const out = new Array<NotificationItem>(this.order.length)
    for (let i = 0; i <= last; i += 1) out[i] = this.order[last - i]!.item
    return out
  }

  /**
   * Stores `item` unconditionally (the caller applies the merge rules).
   * Returns the entry and whether it is new.
   */
  write(item: NotificationItem): { entry: NotificationEntry; added: boolean } {
    const stamp = ++this.counter
    const existing = this.byId.get(item.id)
    if (existing) {
      const created = existing.item.createdAt === item.createdAt ? existing.created : (timeOf(item.createdAt) ?? 0)
      if (existing.item.readAt === null) this.unreadTotal -= 1
      if (item.readAt === null) this.unreadTotal += 1
      if (existing.created !== created) {
        this.order.splice(this.indexOf(existing), 1)
        existing.created = created
        this.order.splice(this.insertionIndex(created, item.id), 0, existing)
      }
      if (existing.item.updatedAt !== item.updatedAt) existing.updated = timeOf(item.updatedAt)
      existing.item = item
      existing.changed = stamp
      return { entry: existing, added: false }
    }
    const created = timeOf(item.createdAt) ?? 0
    const entry: NotificationEntry = { item, created, updated: timeOf(item.updatedAt), born: stamp, changed: stamp }
    this.byId.set(item.id, entry)
    const at = this.insertionIndex(created, item.id)
    if (at === this.order.length) this.order.push(entry)
    else this.order.splice(at, 0, entry)
    if (item.readAt === null) this.unreadTotal += 1
    return { entry, added: true }
  }

  /**
   * Upsert with the version rule alone: an item whose `updatedAt` is older than
   * the held one is ignored; otherwise the latest arrival wins. Returns whether it was stored.
   */
  upsert(item: NotificationItem): boolean {
    const existing = this.byId.get(item.id)
    if (existing && existing.updated !== undefined && item.updatedAt !== undefined) {
      const updated = timeOf(item.updatedAt)
      if (updated !== undefined && updated < existing.updated) return false
    }
    this.write(item)
    return true
  }

  remove(id: string): NotificationEntry | undefined {
    const entry = this.byId.get(id)
    if (!entry) return undefined
    this.byId.delete(id)
    this.order.splice(this.indexOf(entry), 1)
    if (entry.item.readAt === null) this.unreadTotal -= 1
    this.counter += 1
    return entry
  }

  /** Drops the oldest entries beyond `max`; returns them. */
  trimTo(max: number): NotificationEntry[] {
    if (this.order.length <= max) return []
    const removed = this.order.splice(0, this.order.length - Math.max(0, max))
    for (const entry of removed) {
      this.byId.delete(entry.item.id)
      if (entry.item.readAt === null) this.unreadTotal -= 1
    }
    this.counter += 1
    return removed
  }

  clear(): void {
    this.byId.clear()
    this.order.length = 0
    this.unreadTotal = 0
    this.counter += 1
  }

  /** First index whose entry is newer than (created, id). */
  private insertionIndex(created: number, id: string): number {
    const order = this.order
    const last = order[order.length - 1]
    if (!last || newer(created, id, last)) return order.length
    let low = 0
    let high = order.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (newer(created, id, order[mid]!)) low = mid + 1
      else high = mid
    }
    return low
  }

  private indexOf(entry: NotificationEntry): number {
    let low = 0
    let high = this.order.length
    while (low < high) {
      const mid = (low + high) >>> 1
      const candidate = this.order[mid]!
      if (candidate === entry) return mid
      if (newer(entry.created, entry.item.id, candidate)) low = mid + 1
      else high = mid
    }
    // Not reachable while the order invariant holds; a linear scan keeps it safe anyway.
    return this.order.indexOf(entry)
  }
}
