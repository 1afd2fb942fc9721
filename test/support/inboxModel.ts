import { InboxEngine } from '../../src/inbox/InboxEngine'
import type { ChangeTicket, FetchedPage, PageTicket, RemoveTicket } from '../../src/inbox/tickets'
import type { NotificationItem } from '../../src/types'

/**
 * A reference server and an unreliable network around one `InboxEngine`, for
 * model-based tests. The server is the truth: a list with keyset paging, an
 * event log with replay, read-all by time. The network delivers, drops,
 * duplicates and garbles stream events, and answers REST requests late, out
 * of order or not at all. Commands drive both; `settle()` ends the faults and
 * brings the engine to rest the way the store does (loadMore until done).
 */

interface ServerItem {
  id: string
  message: string
  created: number
  readAt: number | null
  updated: number
}

type StreamEvent =
  | { type: 'notification'; item: NotificationItem }
  | { type: 'read'; id: string; readAt: string | null }
  | { type: 'deleted'; id: string }
  | { type: 'read-all'; readAt: string }

interface PageRequest {
  ticket: PageTicket
  /** The server's answer, once it processed the request. */
  answer?: FetchedPage
}

interface ChangeRequest {
  ticket: ChangeTicket | RemoveTicket
  kind: 'read' | 'unread' | 'read-all' | 'archive'
  id?: string
  /** Whether the server processed it, and what it answered. */
  processed?: { ok: boolean; readAt?: string }
}

export type Command =
  | { kind: 'create' }
  | { kind: 'update'; pick: number }
  | { kind: 'server-read'; pick: number }
  | { kind: 'server-unread'; pick: number }
  | { kind: 'server-read-all' }
  | { kind: 'server-delete'; pick: number }
  | { kind: 'deliver'; count: number }
  | { kind: 'duplicate' }
  | { kind: 'malformed' }
  | { kind: 'drop' }
  | { kind: 'reconnect'; replay: boolean }
  | { kind: 'request'; mode: 'more' | 'background' | 'refresh' }
  | { kind: 'serve'; pick: number }
  | { kind: 'respond'; pick: number; fail: boolean }
  | { kind: 'client-read'; pick: number }
  | { kind: 'client-unread'; pick: number }
  | { kind: 'client-read-all' }
  | { kind: 'client-archive'; pick: number }
  | { kind: 'process-change'; pick: number; fail: boolean }
  | { kind: 'answer-change'; pick: number; lost: boolean }

const iso = (time: number): string => new Date(Date.UTC(2026, 0, 1) + time).toISOString()

export class InboxSimulation {
  readonly engine: InboxEngine
  readonly pageSize: number
  /** Server time in ms; strictly increasing, so no two items share `createdAt`. */
  private clock = 0
  private sequence = 0
  private readonly truth = new Map<string, ServerItem>()
  private readonly log: { id: number; event: StreamEvent }[] = []
  private connected = true
  /** Id of the last event the client received; what it resumes from. */
  private lastDelivered = 0
  /** Events on their way over the current connection. */
  private queue: { id: number; event: StreamEvent }[] = []
  private readonly pages: PageRequest[] = []
  private readonly changes: ChangeRequest[] = []

  /** How what the stream tells reaches the engine: at once, or queued as the store does. */
  private readonly receive: (apply: () => void) => void

  constructor(options: { pageSize?: number; maxItems?: number; receive?: (apply: () => void) => void } = {}) {
    this.pageSize = options.pageSize ?? 3
    this.engine = new InboxEngine({ maxItems: options.maxItems ?? 10_000, reconcileDeletions: true })
    this.receive = options.receive ?? ((apply) => apply())
  }

  run(command: Command): void {
    switch (command.kind) {
      case 'create': {
        const time = this.tick()
        const item: ServerItem = { id: `n${++this.sequence}`, message: 'new', created: time, readAt: null, updated: time }
        this.truth.set(item.id, item)
        this.emit({ type: 'notification', item: this.toItem(item) })
        return
      }
      case 'update': {
        const item = this.pickServer(command.pick)
        if (!item) return
        item.message = `edited ${this.tick()}`
        item.updated = this.clock
        this.emit({ type: 'notification', item: this.toItem(item) })
        return
      }
      case 'server-read':
      case 'server-unread': {
        const item = this.pickServer(command.pick)
        if (item) this.setRead(item, command.kind === 'server-read')
        return
      }
      case 'server-read-all':
        this.readAll()
        return
      case 'server-delete': {
        const item = this.pickServer(command.pick)
        if (!item) return
        this.truth.delete(item.id)
        this.tick()
        this.emit({ type: 'deleted', id: item.id })
        return
      }
      case 'deliver':
        for (let i = 0; i < command.count; i += 1) this.deliverNext()
        return
      case 'duplicate': {
        const next = this.queue[0]
        if (next) this.apply(next.event)
        this.deliverNext()
        return
      }
      case 'malformed': {
        const next = this.queue.shift()
        if (!next) return
        this.lastDelivered = next.id
        // The store cannot read the event: it tells the engine something was lost.
        this.receive(() => this.engine.discontinuity())
        return
      }
      case 'drop':
        this.connected = false
        this.queue = []
        return
      case 'reconnect':
        if (this.connected) return
        this.connected = true
        if (command.replay) this.queue = this.log.filter((entry) => entry.id > this.lastDelivered)
        else this.receive(() => this.engine.discontinuity())
        return
      case 'request': {
        const ticket = this.engine.beginPage(command.mode)
        if (ticket) this.pages.push({ ticket })
        return
      }
      case 'serve': {
        const request = this.pick(this.pages.filter((page) => !page.answer), command.pick)
        if (request) request.answer = this.page(request.ticket.cursor)
        return
      }
      case 'respond': {
        const request = this.pick(this.pages, command.pick)
        if (!request) return
        this.pages.splice(this.pages.indexOf(request), 1)
        if (command.fail || !request.answer) this.engine.pageFailed(request.ticket)
        else this.engine.applyPage(request.ticket, request.answer)
        return
      }
      case 'client-read':
      case 'client-unread': {
        const id = this.pick(this.engine.items.toArray(), command.pick)?.id
        if (id === undefined) return
        const read = command.kind === 'client-read'
        const ticket = this.engine.beginChange(id, read ? iso(this.clock) : null)
        if (ticket) this.changes.push({ ticket, kind: read ? 'read' : 'unread', id })
        return
      }
      case 'client-archive': {
        const id = this.pick(this.engine.items.toArray(), command.pick)?.id
        const ticket = id === undefined ? undefined : this.engine.beginRemove(id)
        if (ticket) this.changes.push({ ticket, kind: 'archive', id })
        return
      }
      case 'client-read-all': {
        const ticket = this.engine.beginReadAll(iso(this.clock))
        this.changes.push({ ticket, kind: 'read-all' })
        return
      }
      case 'process-change': {
        const change = this.pick(this.changes.filter((candidate) => !candidate.processed), command.pick)
        if (change) change.processed = command.fail ? { ok: false } : this.process(change)
        return
      }
      case 'answer-change': {
        const change = this.pick(this.changes, command.pick)
        if (!change) return
        this.changes.splice(this.changes.indexOf(change), 1)
        // `lost`: the server may have done it, but the answer never arrived.
        const ok = !command.lost && change.processed?.ok === true
        if ('token' in change.ticket) {
          if (ok) this.engine.changeSucceeded(change.ticket)
          else this.engine.changeFailed(change.ticket)
        } else if (ok) this.engine.removeSucceeded(change.ticket)
        else this.engine.removeFailed(change.ticket)
        return
      }
    }
  }

  /** Invariants that hold at every moment. */
  checkAlways(): string | undefined {
    const items = this.engine.items.toArray()
    const ids = new Set(items.map((item) => item.id))
    if (ids.size !== items.length) return 'a duplicate id in the list'
    for (let i = 1; i < items.length; i += 1) {
      if (Date.parse(items[i - 1]!.createdAt) < Date.parse(items[i]!.createdAt)) return 'the list is not newest first'
    }
    if (this.engine.unreadCount < 0) return 'a negative unread count'
    if (this.engine.unreadCount < this.engine.items.unread) return 'an unread count below the held unread items'
    return undefined
  }

  /**
   * The faults stop: the stream is back and delivers everything, every request
   * in flight is answered, then the store pages until nothing is owed.
   */
  settle(): void {
    this.run({ kind: 'reconnect', replay: true })
    for (const change of [...this.changes]) {
      change.processed ??= this.process(change)
    }
    this.drainStream()
    while (this.changes.length > 0) this.run({ kind: 'answer-change', pick: 0, lost: false })
    while (this.pages.length > 0) {
      this.pages[0]!.answer ??= this.page(this.pages[0]!.ticket.cursor)
      this.run({ kind: 'respond', pick: 0, fail: false })
    }
    this.drainStream()
    if (!this.engine.loaded) this.run({ kind: 'request', mode: 'refresh' })
    for (let round = 0; (this.engine.hasMore || this.pages.length > 0) && round < 10_000; round += 1) {
      if (this.pages.length === 0) this.run({ kind: 'request', mode: 'more' })
      this.run({ kind: 'serve', pick: 0 })
      this.run({ kind: 'respond', pick: 0, fail: false })
    }
  }

  /** Differences between what the engine holds and the server's truth, once settled. */
  divergence(): string | undefined {
    const expected = this.sorted().map((item) => `${item.id}:${item.readAt === null ? 'unread' : 'read'}`)
    const actual = this.engine.items.toArray().map((item) => `${item.id}:${item.readAt === null ? 'unread' : 'read'}`)
    if (expected.join() !== actual.join()) return `list ${actual.join()} instead of ${expected.join()}`
    const unread = this.sorted().filter((item) => item.readAt === null).length
    if (this.engine.unreadCount !== unread) return `unread count ${this.engine.unreadCount} instead of ${unread}`
    if (this.engine.hasMore || this.engine.truncated) return 'still owes part of the list'
    return undefined
  }

  // ---- server ----------------------------------------------------------------

  private tick(): number {
    this.clock += 1000
    return this.clock
  }

  private emit(event: StreamEvent): void {
    const entry = { id: this.log.length + 1, event }
    this.log.push(entry)
    if (this.connected) this.queue.push(entry)
  }

  private setRead(item: ServerItem, read: boolean): boolean {
    if ((item.readAt !== null) === read) return false
    const time = this.tick()
    item.readAt = read ? time : null
    item.updated = time
    this.emit({ type: 'read', id: item.id, readAt: read ? iso(time) : null })
    return true
  }

  /** Read-all at server time T: every unread item created at or before T. */
  private readAll(): string {
    const time = this.tick()
    for (const item of this.truth.values()) {
      if (item.readAt === null && item.created <= time) {
        item.readAt = time
        item.updated = time
      }
    }
    this.emit({ type: 'read-all', readAt: iso(time) })
    return iso(time)
  }

  private process(change: ChangeRequest): { ok: boolean; readAt?: string } {
    if (change.kind === 'read-all') return { ok: true, readAt: this.readAll() }
    const item = this.truth.get(change.id!)
    if (!item) return { ok: false }
    if (change.kind === 'archive') {
      this.truth.delete(item.id)
      this.tick()
      this.emit({ type: 'deleted', id: item.id })
    } else {
      this.setRead(item, change.kind === 'read')
    }
    return { ok: true }
  }

  private sorted(): ServerItem[] {
    return [...this.truth.values()].sort((a, b) => b.created - a.created)
  }

  /** Keyset paging: the cursor is the `createdAt` of the last item of the previous page. */
  private page(cursor: string | null): FetchedPage {
    const all = this.sorted()
    const start = cursor === null ? 0 : all.findIndex((item) => item.created < Number(cursor))
    const items = start === -1 ? [] : all.slice(start, start + this.pageSize)
    const last = items[items.length - 1]
    const more = start !== -1 && start + this.pageSize < all.length
    return {
      items: items.map((item) => this.toItem(item)),
      nextCursor: more && last ? String(last.created) : null,
      unreadCount: all.filter((item) => item.readAt === null).length,
    }
  }

  private toItem(item: ServerItem): NotificationItem {
    return Object.freeze({
      id: item.id,
      message: item.message,
      createdAt: iso(item.created),
      readAt: item.readAt === null ? null : iso(item.readAt),
      updatedAt: iso(item.updated),
    })
  }

  private pickServer(pick: number): ServerItem | undefined {
    return this.pick(this.sorted(), pick)
  }

  private pick<T>(list: readonly T[], pick: number): T | undefined {
    return list.length === 0 ? undefined : list[pick % list.length]
  }

  // ---- client ------------------------------------------------------------------

  private deliverNext(): void {
    const next = this.queue.shift()
    if (!next) return
    this.lastDelivered = next.id
    this.apply(next.event)
  }

  private drainStream(): void {
    while (this.queue.length > 0) this.deliverNext()
  }

  /** What the store does with each event. */
  private apply(event: StreamEvent): void {
    this.receive(() => {
      if (event.type === 'notification') this.engine.receive(event.item)
      else if (event.type === 'read') this.engine.receiveRead(event.id, event.readAt)
      else if (event.type === 'deleted') this.engine.receiveDeleted(event.id)
      else this.engine.receiveReadAll(event.readAt)
    })
  }
}
