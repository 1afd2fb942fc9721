import type { NotificationItem } from '../types'
import { NotificationCollection, versionDelta, type NotificationEntry, type WriteSource } from './NotificationCollection'
import { compareKeys, createdTime, keyOf, type SortKey } from './order'
import { coverPage, forgetBelow, invalidateFrom, type Segment } from './segments'
import type { ChangeTicket, FetchedPage, InboxEngineOptions, InboxSnapshot, PageTicket, RemoveTicket } from './tickets'

interface PendingChange {
  /** The `readAt` the request asks for (`null`: unread). */
  target: string | null
  token: object
  /** The server reported this item's read state meanwhile: its word stands, no rollback. */
  confirmed: boolean
  /** Read state the server last reported, restored when the request fails. */
  underlying: string | null
}

interface PendingReadAll {
  token: object
  readAt: string
  /** Newest item held when it was sent: the server's read-all covers everything up to it. */
  bound: SortKey | null
  hiddenBefore: number
  confirmed: boolean
}

const withReadAt = (item: NotificationItem, readAt: string | null): NotificationItem =>
  item.readAt === readAt ? item : Object.freeze({ ...item, readAt })

const sameReadState = (a: string | null, b: string | null): boolean => (a === null) === (b === null)

/**
 * The inbox's rules without a framework: merging stream events and REST pages,
 * gaps, read state and the unread count. Inputs are method calls, state is
 * read from the fields; nothing here does I/O or keeps time. See
 * docs/guide/sync-engine.md for the rules.
 */
export class InboxEngine {
  readonly items = new NotificationCollection()
  /** Stretches the store cannot vouch for, newest first. */
  segments: Segment[] = []
  /** Unread items on the server the store does not hold (an estimate from the server's count). */
  hiddenUnread = 0
  /** Items were dropped to stay within `maxItems`. */
  capped = false
  /** A page was merged (or a snapshot restored). */
  loaded = false
  /** Bumped by every change, so an adapter can tell when to publish. */
  version = 0
  /** Bumped by `clear()`: answers to requests made before it are ignored. */
  epoch = 0

  readonly #options: InboxEngineOptions
  /** Counts changes that did not come from REST answers (stream events, local actions). */
  #live = 0
  #pagesInFlight = 0
  /** Clock of the last discontinuity. */
  #staleSince = 0
  /** Clock when the last page answer was merged. */
  #lastPage = 0
  // Facts the stream told while pages were in flight, for answers that may predate them.
  readonly #deletedAt = new Map<string, number>()
  readonly #readMarks = new Map<string, { readAt: string | null; clock: number }>()
  #readAllMark: { readAt: string; time: number; clock: number } | null = null
  readonly #pending = new Map<string, PendingChange>()
  #pendingReadAll: PendingReadAll | null = null
  /**
   * Items taken out by `beginRemove` whose request is in flight, kept up to date
   * with what the stream says of them; `deleted`: the stream deleted it meanwhile.
   */
  readonly #removing = new Map<string, { entry: NotificationEntry; deleted: boolean; since: number }>()

  constructor(options: InboxEngineOptions) {
    this.#options = options
  }

  /** Unread items held plus those on the server the store does not hold. */
  get unreadCount(): number {
    return this.items.unread + (this.complete ? 0 : this.hiddenUnread)
  }

  /** Nothing is owed: the held list is the server's whole list. */
  get complete(): boolean {
    return this.loaded && this.segments.length === 0 && !this.capped
  }

  /** Some stretch inside the held list may be missing items or hold stale ones. */
  get truncated(): boolean {
    return this.capped || this.segments.some((segment) => segment.kind === 'unverified')
  }

  get hasMore(): boolean {
    return this.segments.length > 0
  }

  // ---- stream ------------------------------------------------------------------

  /** A created or updated notification from the stream. */
  receive(incoming: NotificationItem): void {
    if (this.#deletedAt.size > 0) this.#deletedAt.delete(incoming.id)
    const existing = this.items.get(incoming.id)
    // An older version, or the same one again (a repeat, which may predate read events since).
    // `existing.updated` is its `updatedAt` parsed when it was written.
    if (existing && Date.parse(incoming.updatedAt!) - existing.updated <= 0) return
    this.#live += 1
    this.#put(this.#withPending(incoming, true), 'stream')
    this.#enforceCap()
    this.#changed()
  }

  /** `readAt: null` marks the item unread again. */
  receiveRead(id: string, readAt: string | null): void {
    this.#live += 1
    const pending = this.#pending.get(id)
    if (pending) {
      pending.confirmed = true
      pending.underlying = readAt
    }
    const entry = this.items.get(id) ?? this.#removing.get(id)?.entry
    if (entry === this.items.get(id) && entry) this.#put(withReadAt(entry.item, readAt), 'stream')
    else if (entry) entry.item = withReadAt(entry.item, readAt)
    if (!this.items.get(id) && this.#pagesInFlight > 0) this.#readMarks.set(id, { readAt, clock: this.items.tick() })
    this.#changed()
  }

  receiveDeleted(id: string): void {
    const removing = this.#removing.get(id)
    if (removing) removing.deleted = true
    this.#remove(id)
  }

  /**
   * Every item created at or before `upTo` (ms; by default `readAt` itself) is
   * read (see the read-all rule).
   */
  receiveReadAll(readAt: string, upTo = Date.parse(readAt)): void {
    this.#live += 1
    const time = Number.isNaN(upTo) ? Infinity : upTo
    this.#readAllUpTo(readAt, time)
    if (this.#pagesInFlight > 0) this.#readAllMark = { readAt, time, clock: this.items.tick() }
    if (this.#pendingReadAll) this.#pendingReadAll.confirmed = true
    this.hiddenUnread = 0
    this.#changed()
  }

  /**
   * Events may have been lost (a reconnect without replay, a malformed event):
   * everything held may be stale and anything newer may be missing. Answers to
   * requests sent before now cannot vouch for anything either.
   */
  discontinuity(): void {
    this.#staleSince = this.items.tick()
    this.#invalidateHeld()
    this.#changed()
  }

  // ---- REST ----------------------------------------------------------------------

  /**
   * The next page to fetch. `refresh`: the first page, after marking everything
   * held unverified (the first load when nothing is). `more`: the newest owed
   * stretch of any kind. `background`: the newest unverified stretch.
   */
  beginPage(mode: 'refresh' | 'more' | 'background'): PageTicket | undefined {
    if (mode === 'refresh') {
      if (this.loaded) this.#invalidateHeld()
      else if (this.segments.length === 0) this.segments = [{ kind: 'older', low: null, high: null, cursor: null }]
    }
    const segment =
      mode === 'background' ? this.segments.find((candidate) => candidate.kind === 'unverified') : this.segments[0]
    if (!segment) return undefined
    this.#pagesInFlight += 1
    return { segment, cursor: segment.cursor, since: this.items.clock, liveAtStart: this.#live, epoch: this.epoch }
  }

  /** Merges the answer to `ticket`. */
  applyPage(ticket: PageTicket, page: FetchedPage): void {
    if (ticket.epoch !== this.epoch) return
    const seen = new Set<string>()
    let bottom: SortKey | null = null
    /** Server "unread" states the store overrides with local knowledge, minus the reverse. */
    let overridden = 0
    for (const item of page.items) {
      seen.add(item.id)
      const key = keyOf(item)
      if (bottom === null || compareKeys(key, bottom) < 0) bottom = key
      overridden += this.#mergeServerItem(item, ticket.since)
    }
    // Another answer arrived after this request was sent: which of the two is newer is unknown,
    // so this one proves no deletion and closes no stretch.
    const overtaken = ticket.since < this.#lastPage
    this.#lastPage = this.items.tick()
    const walked = this.segments.includes(ticket.segment) ? ticket.segment : this.#sameStretch(ticket.segment)
    if (walked && !overtaken) {
      if (this.#options.reconcileDeletions) this.#dropMissing(walked, bottom, page.nextCursor === null, seen, ticket.since)
      this.segments = coverPage(this.segments, walked, bottom, page.nextCursor)
    }
    this.loaded = true
    if (ticket.since < this.#staleSince) this.#invalidateHeld()
    this.#enforceCap()
    // The server's unread total can be trusted when nothing changed locally while the request was in flight.
    if (page.unreadCount !== undefined && this.#live === ticket.liveAtStart) {
      this.hiddenUnread = Math.max(0, page.unreadCount - this.items.unread - overridden)
    }
    if (this.complete) this.hiddenUnread = 0
    this.#pageDone()
  }

  /** The request for `ticket` failed; the stretch stays owed. */
  pageFailed(ticket: PageTicket): void {
    if (ticket.epoch !== this.epoch) return
    this.#pageDone()
  }

  // ---- local read-state changes ----------------------------------------------------

  /**
   * Marks `id` read (`readAt` a time) or unread (`null`) at once, before the
   * server answers. Returns `undefined` when there is nothing to change.
   */
  beginChange(id: string, readAt: string | null): ChangeTicket | undefined {
    const entry = this.items.get(id)
    const current = this.#pending.get(id)
    if (current ? sameReadState(current.target, readAt) : entry && sameReadState(entry.item.readAt, readAt)) return undefined
    const token = {}
    const underlying = current ? current.underlying : (entry?.item.readAt ?? null)
    this.#pending.set(id, { target: readAt, token, confirmed: false, underlying })
    this.#live += 1
    if (entry) this.#put(withReadAt(entry.item, readAt), 'optimistic')
    this.#changed()
    return { ids: [id], readAt, epoch: this.epoch, token }
  }

  /** Marks every unread item read at once, the ones not loaded yet included. */
  beginReadAll(readAt: string): ChangeTicket {
    const token = {}
    const newest = this.items.newest()
    const ids: string[] = []
    for (const { item } of this.items.entries()) {
      if (item.readAt !== null || this.#pending.has(item.id)) continue
      ids.push(item.id)
      this.#pending.set(item.id, { target: readAt, token, confirmed: false, underlying: null })
      this.#put(withReadAt(item, readAt), 'optimistic')
    }
    this.#pendingReadAll = {
      token,
      readAt,
      bound: newest ? { created: newest.created, id: newest.item.id } : null,
      hiddenBefore: this.hiddenUnread,
      confirmed: false,
    }
    this.hiddenUnread = 0
    this.#live += 1
    this.#changed()
    return { ids, readAt, epoch: this.epoch, token }
  }

  /**
   * The server accepted the change. What it did is not applied from its answer,
   * which may be older than stream events already here: the stream brings it,
   * in order (or a discontinuity has the store re-check).
   */
  changeSucceeded(ticket: ChangeTicket): void {
    if (ticket.epoch !== this.epoch) return
    for (const [id] of this.#settle(ticket)) {
      // Now the server's state: newer than any page requested before.
      const entry = this.items.get(id)
      if (entry) this.#put(entry.item, 'live')
    }
    if (this.#pendingReadAll?.token === ticket.token) this.#pendingReadAll = null
    this.#changed()
  }

  /** The change failed: what the server did not confirm meanwhile goes back to its read state. */
  changeFailed(ticket: ChangeTicket): void {
    if (ticket.epoch !== this.epoch) return
    for (const [id, pending] of this.#settle(ticket)) {
      const entry = this.items.get(id)
      const removed = this.#removing.get(id)?.entry
      if (pending.confirmed) continue
      if (entry && sameReadState(entry.item.readAt, pending.target)) {
        this.#put(withReadAt(entry.item, pending.underlying), 'optimistic')
      } else if (removed && sameReadState(removed.item.readAt, pending.target)) {
        removed.item = withReadAt(removed.item, pending.underlying)
      }
    }
    const readAll = this.#pendingReadAll
    if (readAll?.token === ticket.token) {
      this.#pendingReadAll = null
      if (!readAll.confirmed && this.hiddenUnread === 0) this.hiddenUnread = readAll.hiddenBefore
    }
    this.#live += 1
    this.#changed()
  }

  /** Takes `id` out at once (archive, delete), before the server answers; `undefined` when it is not held. */
  beginRemove(id: string): RemoveTicket | undefined {
    const entry = this.items.get(id)
    if (!entry) return undefined
    this.#removing.set(id, { entry, deleted: false, since: this.items.clock })
    this.#remove(id, true)
    return { id, epoch: this.epoch }
  }

  removeSucceeded(ticket: RemoveTicket): void {
    if (ticket.epoch !== this.epoch) return
    this.#removing.delete(ticket.id)
    this.#pending.delete(ticket.id)
  }

  /** The removal failed: the item comes back, unless the stream deleted it (or brought it back) meanwhile. */
  removeFailed(ticket: RemoveTicket): void {
    const removing = this.#removing.get(ticket.id)
    if (ticket.epoch !== this.epoch || !removing) return
    this.#removing.delete(ticket.id)
    if (removing.deleted || this.items.get(ticket.id)) return
    this.#deletedAt.delete(ticket.id)
    const { entry } = removing
    this.#put(entry.item, 'optimistic')
    // Back as it was: what the stream proved about it still holds against older pages.
    const restored = this.items.get(ticket.id)!
    restored.live = entry.live
    restored.streamed = entry.streamed
    // A page merged while it was out could not vouch for it: what that page covered is owed again.
    if (this.#lastPage > removing.since) this.#invalidateHeld()
    this.#live += 1
    this.#changed()
  }

  // ---- state as a whole ------------------------------------------------------------

  snapshot(): InboxSnapshot {
    return {
      items: this.items.toArray(),
      segments: this.segments.map((segment) => ({ ...segment })),
      hiddenUnread: this.hiddenUnread,
      capped: this.capped,
      loaded: this.loaded,
    }
  }

  /** Replaces the whole state with `snapshot` (taken on the server, or edited in devtools). */
  restore(snapshot: InboxSnapshot): void {
    this.clear()
    for (const item of snapshot.items) this.items.write(Object.freeze({ ...item }))
    this.segments = snapshot.segments.map((segment) => ({ ...segment }))
    this.hiddenUnread = snapshot.hiddenUnread
    this.capped = snapshot.capped
    this.loaded = snapshot.loaded
    this.#changed()
  }

  /** Forgets everything; answers to earlier requests are ignored. */
  clear(): void {
    this.epoch += 1
    this.items.clear()
    this.segments = []
    this.hiddenUnread = 0
    this.capped = false
    this.loaded = false
    this.#pagesInFlight = 0
    this.#staleSince = 0
    this.#lastPage = 0
    this.#forgetMarks()
    this.#pending.clear()
    this.#pendingReadAll = null
    this.#removing.clear()
    this.#changed()
  }

  // ---- rules -------------------------------------------------------------------------

  #changed(): void {
    this.version += 1
  }

  /** `keepPending`: a removal that may be undone keeps the item's pending changes. */
  #remove(id: string, keepPending = false): void {
    this.#live += 1
    this.items.remove(id)
    if (!keepPending) this.#pending.delete(id)
    this.#readMarks.delete(id)
    if (this.#pagesInFlight > 0) this.#deletedAt.set(id, this.items.tick())
    this.#changed()
  }

  #put(item: NotificationItem, source: WriteSource): void {
    const oldest = this.items.oldest()
    const isNew = this.items.write(item, source)
    // A new unread item below everything held, while older ones are owed, was one of the hidden ones.
    if (
      isNew &&
      item.readAt === null &&
      this.hiddenUnread > 0 &&
      oldest &&
      this.segments.some((segment) => segment.kind === 'older') &&
      createdTime(item) < oldest.created
    ) {
      this.hiddenUnread -= 1
    }
  }

  /** `incoming` with a pending local change (or a pending read-all) still in force. */
  #withPending(incoming: NotificationItem, fromStream: boolean): NotificationItem {
    const pending = this.#pending.get(incoming.id)
    if (pending) {
      pending.underlying = incoming.readAt
      if (fromStream && sameReadState(incoming.readAt, pending.target)) pending.confirmed = true
      return pending.confirmed ? incoming : withReadAt(incoming, pending.target)
    }
    const readAll = this.#pendingReadAll
    if (
      readAll &&
      !readAll.confirmed &&
      incoming.readAt === null &&
      readAll.bound !== null &&
      compareKeys(keyOf(incoming), readAll.bound) <= 0
    ) {
      this.#pending.set(incoming.id, { target: readAll.readAt, token: readAll.token, confirmed: false, underlying: null })
      return withReadAt(incoming, readAll.readAt)
    }
    return incoming
  }

  /**
   * One item of an answer to a request sent at clock `since`. Returns +1 when
   * the server said unread and the store keeps it read, -1 for the reverse, else 0.
   */
  #mergeServerItem(incoming: NotificationItem, since: number): number {
    const deletedAt = this.#deletedAt.get(incoming.id)
    if (deletedAt !== undefined && deletedAt > since) return 0
    const existing = this.items.get(incoming.id)
    if (existing) {
      // The stream or a local action changed it after the request was sent: the
      // answer may predate that change, and the stream, which is in order, will
      // bring any later one. Against another page, the newer version wins.
      if (existing.live > since || versionDelta(incoming, existing.item) < 0) {
        return this.#readDifference(incoming, existing.item)
      }
    }
    // Read states the stream told after the request was sent still apply; the later of the two wins.
    let item = incoming
    const mark = this.#readMarks.get(incoming.id)
    const readAll = this.#readAllMark
    const markClock = mark && mark.clock > since ? mark.clock : 0
    if (readAll && readAll.clock > Math.max(since, markClock) && createdTime(item) <= readAll.time) {
      if (item.readAt === null) item = withReadAt(item, readAll.readAt)
    } else if (markClock > 0) {
      item = withReadAt(item, mark!.readAt)
    }
    item = this.#withPending(item, false)
    this.#put(item, 'page')
    return this.#readDifference(incoming, item)
  }

  #readDifference(server: NotificationItem, held: NotificationItem): number {
    if (server.readAt === null && held.readAt !== null) return 1
    if (server.readAt !== null && held.readAt === null) return -1
    return 0
  }

  /**
   * Held items inside the stretch a page covers that the page does not hold
   * were deleted on the server, unless the stream brought them after the
   * request was sent. Items sharing `createdAt` with a bound are left alone: a server may
   * break such ties its own way.
   */
  #dropMissing(walked: Segment, bottom: SortKey | null, last: boolean, seen: Set<string>, since: number): void {
    if (bottom === null && !last) return
    const low = last ? null : bottom
    for (const entry of this.items.between(low, walked.high)) {
      // Seen on the stream after the request was sent: it may be newer than the answer.
      if (seen.has(entry.item.id) || entry.streamed > since) continue
      if (low !== null && entry.created === low.created) continue
      if (walked.high !== null && entry.created === walked.high.created) continue
      this.items.remove(entry.item.id)
      this.#pending.delete(entry.item.id)
      if (this.#pagesInFlight > 1) this.#deletedAt.set(entry.item.id, this.items.tick())
    }
  }

  /** A segment was replaced (split or merged) while its page was in flight: find what it became. */
  #sameStretch(segment: Segment): Segment | undefined {
    return this.segments.find(
      (candidate) =>
        candidate.cursor === segment.cursor &&
        (candidate.high === segment.high ||
          (candidate.high !== null && segment.high !== null && compareKeys(candidate.high, segment.high) === 0)),
    )
  }

  #readAllUpTo(readAt: string, time: number): void {
    const removed = [...this.#removing.values()].map(({ entry }) => entry)
    for (const entry of [...removed, ...this.items.entries()]) {
      if (entry.created > time) continue
      const pending = this.#pending.get(entry.item.id)
      if (pending) {
        pending.confirmed = true
        if (pending.underlying === null) pending.underlying = readAt
      }
      if (entry.item.readAt !== null) continue
      if (this.items.get(entry.item.id) === entry) this.#put(withReadAt(entry.item, readAt), 'live')
      else entry.item = withReadAt(entry.item, readAt)
    }
  }

  /**
   * Everything above the `older` stretch is owed again: held items may be stale,
   * and missing ones may sort anywhere above it, even below the oldest held one.
   * A capped list stays capped at its oldest item.
   */
  #invalidateHeld(): void {
    if (!this.loaded) return
    const oldest = this.capped ? this.items.oldest() : undefined
    this.segments = invalidateFrom(this.segments, oldest ? { created: oldest.created, id: oldest.item.id } : null)
  }

  #enforceCap(): void {
    if (this.items.size <= this.#options.maxItems) return
    const removed: NotificationEntry[] = this.items.trimTo(this.#options.maxItems)
    if (removed.length === 0) return
    for (const entry of removed) {
      this.#pending.delete(entry.item.id)
      if (entry.item.readAt === null) this.hiddenUnread += 1
    }
    const oldest = this.items.oldest()!
    this.segments = forgetBelow(this.segments, { created: oldest.created, id: oldest.item.id })
    this.capped = true
  }

  #pageDone(): void {
    this.#pagesInFlight = Math.max(0, this.#pagesInFlight - 1)
    if (this.#pagesInFlight === 0) this.#forgetMarks()
    this.#changed()
  }

  #forgetMarks(): void {
    this.#deletedAt.clear()
    this.#readMarks.clear()
    this.#readAllMark = null
  }

  /** Ends the pending changes of `ticket`; returns them. */
  #settle(ticket: ChangeTicket): [string, PendingChange][] {
    const settled: [string, PendingChange][] = []
    for (const [id, pending] of this.#pending) {
      if (pending.token !== ticket.token) continue
      this.#pending.delete(id)
      settled.push([id, pending])
    }
    return settled
  }
}
