import type { NotificationItem } from '../types'
import type { StorageLike } from '../utils/electLeader'
import { compareKeys, createdTime, keyOf } from './order'

interface SavedState {
  /** Ids read here, oldest first, with their `readAt`. */
  read: [string, string][]
  /** Ids made unread here after a read-all covered them. */
  unread: string[]
  /** The latest read-all done here: items created up to `time` are read. */
  readAll: { time: number; readAt: string } | null
  /** Ids archived here (removed from the inbox, not from the server). */
  archived?: string[]
  /** Items created up to this time (ms) were seen: the panel was open while they were listed. */
  seenUpTo?: number
  /** Items of a stream-only inbox, newest first (only when kept). */
  items?: NotificationItem[]
}

/**
 * State kept in the browser, for backends without read endpoints: which items
 * were read, made unread or archived here, the last read-all, and up to when
 * items were seen. Saved under one key per user, so it survives a reload and
 * another user's is never shown; `clear()` forgets it (on logout). It can also
 * keep the items of a stream-only inbox, which has no list to reload them
 * from. Plain storage calls; no framework.
 */
export class LocalReadState {
  readonly #storage: StorageLike | null
  readonly #key: string
  /** Most ids remembered; the oldest are forgotten beyond it. */
  readonly #limit: number
  #read = new Map<string, string>()
  #unread = new Set<string>()
  #readAll: SavedState['readAll'] = null
  #archived = new Set<string>()
  #seenUpTo = -Infinity
  #items: NotificationItem[] = []
  /** Ids of the items as this page last loaded or kept them: a saved item not among them came from another tab. */
  #kept = new Set<string>()

  constructor(storage: StorageLike | null, key: string, limit: number) {
    this.#storage = storage
    this.#key = key
    this.#limit = Math.max(1, limit)
    this.#load()
    this.#kept = new Set(this.#items.map((item) => item.id))
  }

  /** Items a stream-only inbox kept, newest first. */
  get items(): readonly NotificationItem[] {
    return this.#items
  }

  /** Items created up to this time (ms) were seen. */
  get seenUpTo(): number {
    return this.#seenUpTo
  }

  /** `item` with the read state set here, if any; `null` when it was archived here. */
  apply(item: NotificationItem): NotificationItem | null {
    if (this.#archived.has(item.id)) return null
    const readAt = this.readAtOf(item)
    return readAt === undefined || readAt === item.readAt ? item : Object.freeze({ ...item, readAt })
  }

  /** The read state set here for `item`: a time, `null` (unread), or `undefined` when none was. */
  readAtOf(item: NotificationItem): string | null | undefined {
    const read = this.#read.get(item.id)
    if (read !== undefined) return read
    if (this.#unread.has(item.id)) return null
    const readAll = this.#readAll
    if (readAll && item.readAt === null && createdTime(item) <= readAll.time) return readAll.readAt
    return undefined
  }

  markRead(id: string, readAt: string): void {
    this.#load()
    this.#unread.delete(id)
    this.#read.delete(id)
    this.#read.set(id, readAt)
    this.#trim()
    this.#save()
  }

  markUnread(id: string): void {
    this.#load()
    this.#read.delete(id)
    if (this.#readAll) this.#unread.add(id)
    this.#save()
  }

  /** Everything created up to `time` (ms, the clock of the items' `createdAt`) is read. */
  markAllRead(time: number, readAt: string): void {
    this.#load()
    this.#readAll = { time: Math.max(time, this.#readAll?.time ?? -Infinity), readAt }
    this.#unread.clear()
    this.#save()
  }

  archive(id: string): void {
    this.#load()
    this.#archived.add(id)
    for (const archived of this.#archived) {
      if (this.#archived.size <= this.#limit) break
      this.#archived.delete(archived)
    }
    this.#save()
  }

  /** Items created up to `time` (ms) were seen. */
  markSeen(time: number): void {
    this.#load()
    if (time <= this.#seenUpTo) return
    this.#seenUpTo = time
    this.#save()
  }

  /**
   * Keeps the items of a stream-only inbox (newest first), to show them again
   * after a reload. Items another tab of the same user kept meanwhile stay
   * kept (each tab has its own stream, and may have received what this one
   * missed); they are returned, for this page to show as well. An item this
   * page kept before and no longer holds was removed here, and is dropped.
   */
  keepItems(items: readonly NotificationItem[]): NotificationItem[] {
    this.#load()
    const held = new Set(items.map((item) => item.id))
    const fromOtherTabs = this.#items.filter((item) => !held.has(item.id) && !this.#kept.has(item.id) && !this.#archived.has(item.id))
    const all = fromOtherTabs.length === 0 ? items : [...items, ...fromOtherTabs].sort((a, b) => compareKeys(keyOf(b), keyOf(a)))
    this.#items = all.slice(0, this.#limit)
    this.#kept = new Set(this.#items.map((item) => item.id))
    this.#save()
    return fromOtherTabs.filter((item) => this.#kept.has(item.id))
  }

  clear(): void {
    this.#read.clear()
    this.#unread.clear()
    this.#readAll = null
    this.#archived.clear()
    this.#seenUpTo = -Infinity
    this.#items = []
    this.#kept.clear()
    this.#storage?.removeItem(this.#key)
  }

  #trim(): void {
    for (const id of this.#read.keys()) {
      if (this.#read.size <= this.#limit) break
      this.#read.delete(id)
    }
  }

  /** Reads the saved state again first: another tab of the same user may have changed it. */
  #load(): void {
    let saved: Partial<SavedState> | null = null
    try {
      saved = JSON.parse(this.#storage?.getItem(this.#key) ?? 'null') as Partial<SavedState> | null
    } catch {
      // Unreadable (another version, or edited by hand): start afresh rather than fail.
      saved = null
    }
    if (!saved || typeof saved !== 'object') return
    if (Array.isArray(saved.read)) this.#read = new Map(saved.read.filter((entry) => typeof entry?.[0] === 'string'))
    if (Array.isArray(saved.unread)) this.#unread = new Set(saved.unread.filter((id) => typeof id === 'string'))
    if (saved.readAll && typeof saved.readAll.time === 'number') this.#readAll = saved.readAll
    if (Array.isArray(saved.archived)) this.#archived = new Set(saved.archived.filter((id) => typeof id === 'string'))
    if (typeof saved.seenUpTo === 'number') this.#seenUpTo = saved.seenUpTo
    if (Array.isArray(saved.items)) this.#items = saved.items.filter((item) => typeof item?.id === 'string')
  }

  #save(): void {
    const state: SavedState = { read: [...this.#read], unread: [...this.#unread], readAll: this.#readAll }
    if (this.#archived.size > 0) state.archived = [...this.#archived]
    if (this.#seenUpTo > -Infinity) state.seenUpTo = this.#seenUpTo
    if (this.#items.length > 0) state.items = this.#items
    try {
      this.#storage?.setItem(this.#key, JSON.stringify(state))
    } catch {
      // Storage full or denied (private mode): the state still holds for this page.
    }
  }
}
