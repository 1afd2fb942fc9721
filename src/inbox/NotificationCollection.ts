import type { NotificationItem } from '../types'
import { compareIds, createdTime, type SortKey } from './order'

/** One held notification with the bookkeeping the merge rules need. */
export interface NotificationEntry {
  item: NotificationItem
  /** `createdAt` in ms (0 when unparsable); the sort key with the id. */
  created: number
  /** `updatedAt` in ms; `NaN` when missing or unparsable, so that every comparison with it is false. */
  updated: number
  /** Change counter value when the entry was first stored. */
  born: number
  /** Change counter value of the last write. */
  changed: number
  /** Change counter value of the last stream or other live write (0: none). */
  live: number
  /** Change counter value of the last write from the stream (0: none): proof the item existed then. */
  streamed: number
}

/**
 * Where a write comes from: a stream event about this very item (proof that it
 * existed then); another live fact (a read-all, a change the server accepted);
 * a REST page; or an optimistic guess. Live writes are newer than any page
 * requested before them; pages and guesses are not.
 */
export type WriteSource = 'stream' | 'live' | 'page' | 'optimistic'

/**
 * How much newer `incoming` is than `existing` by `updatedAt`, in ms: below 0
 * for an older version, above 0 for a newer one, `NaN` (neither) when either has no valid `updatedAt`.
 */
export const versionDelta = (incoming: NotificationItem, existing: NotificationItem): number =>
  Date.parse(incoming.updatedAt!) - Date.parse(existing.updatedAt!)

/** Free slots before the first entry, past which (and past twice the held entries) the array is compacted. */
const COMPACT_AFTER = 1024
/** Fewest free slots made before the first entry when an item goes below all held ones. */
const MIN_ROOM = 16

/** `true` when the item at (`created`, `id`) sorts after (is newer than) `entry`. */
function isNewer(created: number, id: string, entry: NotificationEntry): boolean {
  return created > entry.created || (created === entry.created && compareIds(id, entry.item.id) > 0)
}

/**
 * Notifications by id plus an array kept sorted oldest first (so the usual new,
 * newest item lands at the end), updated by binary search: an upsert costs
 * O(log n) plus at most one array splice. The array keeps free slots before
 * its first entry: dropping the oldest entries (the cap) only moves the start,
 * and an item below all held ones (a page, newest first, or an old item in a
 * capped inbox) takes a free slot, so neither shifts every held entry. Also
 * keeps the number of unread items. No reactivity: the store wraps it. It
 * must not be put in a reactive proxy, where `#` members do not work.
 */
export class NotificationCollection {
  // `#` members: private at run time too, and a minifier can shorten their names.
  readonly #byId = new Map<string, NotificationEntry>()
  /** Oldest first, from `#head` on; the slots before it are free. */
  #order: (NotificationEntry | undefined)[] = []
  #head = 0
  /** Number of held items with `readAt === null`. */
  unread = 0
  /** Change counter; every write increments it. */
  clock = 0

  /** Advances the change counter without a write (to order non-item events). */
  tick(): number {
    return ++this.clock
  }

  get size(): number {
    return this.#order.length - this.#head
  }

  get(id: string): NotificationEntry | undefined {
    return this.#byId.get(id)
  }

  /** Oldest held entry (end of the list). */
  oldest(): NotificationEntry | undefined {
    return this.#order[this.#head]
  }

  /** Newest held entry (top of the list). */
  newest(): NotificationEntry | undefined {
    return this.size > 0 ? this.#order[this.#order.length - 1] : undefined
  }

  /** The `index`-th item counted from the newest (0 is the newest). */
  at(index: number): NotificationItem | undefined {
    return index >= 0 && index < this.size ? this.#order[this.#order.length - 1 - index]!.item : undefined
  }

  /** Items from the `start`-th to the `end`-th (exclusive) counted from the newest, as a new array. */
  slice(start: number, end: number): NotificationItem[] {
    const from = Math.max(0, start)
    const to = Math.min(this.size, end)
    const items: NotificationItem[] = []
    for (let index = this.#order.length - 1 - from, stop = this.#order.length - to; index >= stop; index -= 1) {
      items.push(this.#order[index]!.item)
    }
    return items
  }

  /** Held entries, oldest first, as a copy: the collection may change while it is walked. */
  entries(): NotificationEntry[] {
    return this.#order.slice(this.#head) as NotificationEntry[]
  }

  /**
   * Held entries with a sort key from `low` (inclusive, `null`: no bound) up to
   * `high` (exclusive, `null`: no bound), oldest first, as a copy.
   */
  between(low: SortKey | null, high: SortKey | null): NotificationEntry[] {
    const from = low === null ? this.#head : this.#insertionIndex(low.created, low.id)
    const to = high === null ? this.#order.length : this.#insertionIndex(high.created, high.id)
    return this.#order.slice(from, Math.max(from, to)) as NotificationEntry[]
  }

  /** Unread items created after `time` (ms), counted from the newest down to it. */
  unreadAfter(time: number): number {
    if (time === -Infinity) return this.unread
    let count = 0
    for (let index = this.#order.length - 1; index >= this.#head; index -= 1) {
      const entry = this.#order[index]!
      if (entry.created <= time) break
      if (entry.item.readAt === null) count += 1
    }
    return count
  }

  /** Items newest first, as a new array. */
  toArray(): NotificationItem[] {
    return this.slice(0, this.size)
  }

  /** Stores `item` unconditionally (the caller applies the merge rules); returns whether it is new. */
  write(item: NotificationItem, source: WriteSource = 'stream'): boolean {
    const stamp = this.tick()
    const created = createdTime(item)
    const existing = this.#byId.get(item.id)
    // A new entry gets `created: NaN`, which differs from any time, so it is inserted below.
    const entry = existing ?? { item, created: NaN, updated: NaN, born: stamp, changed: stamp, live: 0, streamed: 0 }
    if (existing) {
      if (existing.item.readAt === null) this.unread -= 1
      if (existing.created !== created) this.#order.splice(this.#indexOf(existing), 1)
    } else {
      this.#byId.set(item.id, entry)
    }
    if (entry.created !== created) {
      const at = this.#insertionIndex(created, item.id)
      if (at === this.#head && this.size > 0) {
        if (this.#head === 0) this.#makeRoom()
        this.#order[(this.#head -= 1)] = entry
      } else {
        this.#order.splice(at, 0, entry)
      }
      entry.created = created
    }
    if (item.readAt === null) this.unread += 1
    entry.item = item
    entry.updated = Date.parse(item.updatedAt!)
    entry.changed = stamp
    if (source === 'stream' || source === 'live') entry.live = stamp
    if (source === 'stream') entry.streamed = stamp
    return !existing
  }

  /**
   * Upsert with the version rule alone: an item whose `updatedAt` is older than
   * the held one is ignored; otherwise the latest arrival wins. Returns whether
   * it was stored. (The engine applies its own rules around `write`; the merge
   * benchmark uses this.)
   */
  upsert(item: NotificationItem): boolean {
    const existing = this.#byId.get(item.id)
    if (existing && Date.parse(item.updatedAt!) < existing.updated) return false
    this.write(item)
    return true
  }

  remove(id: string): NotificationEntry | undefined {
    const entry = this.#byId.get(id)
    if (entry) {
      this.#order.splice(this.#indexOf(entry), 1)
      this.#forget(entry)
    }
    return entry
  }

  /** Drops the oldest entries beyond `max`; returns them. */
  trimTo(max: number): NotificationEntry[] {
    const count = this.size - Math.max(0, max)
    if (count <= 0) return []
    const removed = this.#order.slice(this.#head, this.#head + count) as NotificationEntry[]
    this.#order.fill(undefined, this.#head, this.#head + count)
    this.#head += count
    for (const entry of removed) this.#forget(entry)
    // Amortised O(1) per dropped entry: the free slots are at least twice the held entries by then.
    if (this.#head > COMPACT_AFTER && this.#head > 2 * this.size) {
      this.#order.splice(0, this.#head)
      this.#head = 0
    }
    return removed
  }

  clear(): void {
    this.#byId.clear()
    this.#order = []
    this.#head = 0
    this.unread = 0
    this.clock += 1
  }

  /** Free slots before the first entry, as many as there are entries: amortised O(1) per item added below. */
  #makeRoom(): void {
    const room = Math.max(MIN_ROOM, this.size)
    this.#order = new Array<NotificationEntry | undefined>(room).concat(this.#order)
    this.#head = room
  }

  /** Bookkeeping for an entry taken out of `order`. */
  #forget(entry: NotificationEntry): void {
    this.#byId.delete(entry.item.id)
    if (entry.item.readAt === null) this.unread -= 1
    this.clock += 1
  }

  /** Index in `order` where an item with (created, id) belongs: after every held entry it is newer than. */
  #insertionIndex(created: number, id: string): number {
    const order = this.#order
    // The usual case, a notification newer than all held ones, skips the search.
    if (this.size === 0 || isNewer(created, id, order[order.length - 1]!)) return order.length
    let low = this.#head
    let high = order.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (isNewer(created, id, order[mid]!)) low = mid + 1
      else high = mid
    }
    return low
  }

  /** Index of a held entry in `order`: with unique ids, where its own key belongs. */
  #indexOf(entry: NotificationEntry): number {
    const at = this.#insertionIndex(entry.created, entry.item.id)
    // The fallback is not reached while the order invariant holds; it keeps removal safe anyway.
    return this.#order[at] === entry ? at : this.#order.indexOf(entry, this.#head)
  }
}
