import { isAxiosError } from 'axios'
import { defineStore, getActivePinia } from 'pinia'
import { computed, customRef, hasInjectionContext, inject, markRaw, shallowRef } from 'vue'
import { InboxEngine, type FetchedPage, type InboxSnapshot } from '../inbox/InboxEngine'
import { SyncScheduler, type SyncAction } from '../inbox/SyncScheduler'
import type { NotificationItem } from '../types'
import { afterTask, nextTask } from '../utils/afterTask'
import { createWorkQueue } from '../utils/workQueue'
import { resolveConfig } from './config'
import { createLiveFeed } from './liveFeed'
import { NotificationsError, type NotificationsErrorKind } from './NotificationsError'
import { toIsoDate, toKey } from './normalize'
import { NOTIFICATIONS_OPTIONS_KEY, optionsForPinia, type NotificationsOptions } from './options'

/** Longest time (ms) one task spends normalising a page before it yields. */
const SLICE_BUDGET = 8

/** Read-state changes one tab tells the others in shared mode. */
type TabMessage = { kind: 'read'; id: string; readAt: string } | { kind: 'read-all'; readAt: string }

let lastNow = NaN
let lastNowIso = ''
/** The current time as ISO text, formatted once per millisecond (a burst normalises thousands of items in one). */
function nowIso(): string {
  const now = Date.now()
  if (now !== lastNow) lastNowIso = new Date((lastNow = now)).toISOString()
  return lastNowIso
}

/** Id of a stream payload: the payload itself, or its `id` / `_id`. */
function idOf(payload: unknown): string | undefined {
  const record = payload as Record<string, unknown> | null | undefined
  return toKey(payload) ?? toKey(record?.id) ?? toKey(record?._id)
}

/** `readAt` of a payload: a time, `null` (unread), or `undefined` when it does not say. */
function readAtOf(payload: unknown): string | null | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined
  const record = payload as Record<string, unknown>
  const value = 'readAt' in record ? record.readAt : record.read_at
  return value === null ? null : toIsoDate(value)
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}

function requestError(kind: NotificationsErrorKind, message: string, cause: unknown, id?: string): NotificationsError {
  if (cause instanceof NotificationsError) return cause
  const status = isAxiosError(cause) ? cause.response?.status : undefined
  return new NotificationsError(kind, `${message}: ${describe(cause)}`, { status, id, cause })
}

function configError(endpoint: string, id?: string): NotificationsError {
  return new NotificationsError('config', `No "apiUrl" (or endpoints.${endpoint}) configured`, { id })
}

/** What the getters read; published together with `inbox`, once per task at most. */
interface Derived {
  unreadCount: number
  hasMore: boolean
  truncated: boolean
  loaded: boolean
}

/**
 * The notification inbox: a Pinia adapter over the framework-free
 * `InboxEngine` (merging and read state) and `SyncScheduler` (when pages are
 * fetched). Configure it with the `createNotifications` plugin, or with
 * `configureNotifications(pinia, options)` before first use.
 */
export const useNotificationStore = /* @__PURE__ */ defineStore('vue-sse-notifications', () => {
  const injected = hasInjectionContext() ? inject(NOTIFICATIONS_OPTIONS_KEY, undefined) : undefined
  const configured = injected ?? optionsForPinia(getActivePinia())
  const options: NotificationsOptions = configured ?? {}
  const config = resolveConfig(options)
  const { http, warn } = config
  if (!configured) warn('Store not configured: use createNotifications() or configureNotifications().')

  const engine = new InboxEngine({ maxItems: config.maxItems, reconcileDeletions: config.reconcileDeletions })

  // ---- publishing --------------------------------------------------------------
  // Stream events are applied after the task that brought them, in slices (`streamWork`), other
  // changes at once; Vue sees the result once per such task, or at the end of an action. Views
  // read the held list by index (`view`), so a change costs no copy of it.

  const errorRef = shallowRef<NotificationsError | null>(null)
  const activeRequests = shallowRef(0)
  /** Engine version Vue last saw; bumping `published` tells every reader. */
  let publishedVersion = engine.version
  const published = shallowRef(publishedVersion)
  const derive = (): Derived => ({
    unreadCount: engine.unreadCount,
    hasMore: engine.hasMore,
    truncated: engine.truncated,
    loaded: engine.loaded,
  })
  const derived = shallowRef<Derived>(derive())
  let cancelPublish: (() => void) | undefined

  function publish(): void {
    cancelPublish?.()
    cancelPublish = undefined
    activeRequests.value = scheduler?.active ?? 0
    if (engine.version === publishedVersion) return
    publishedVersion = engine.version
    published.value = publishedVersion
    derived.value = derive()
  }

  function publishSoon(): void {
    cancelPublish ??= afterTask(publish)
  }

  /**
   * The inbox's state, for devtools and SSR hydration, built when read. Replace
   * it to restore a saved state (Pinia's hydration does).
   */
  let snapshot: { version: number; state: InboxSnapshot } | undefined
  const inbox = customRef<InboxSnapshot>((track, trigger) => ({
    get() {
      track()
      published.value // eslint-disable-line @typescript-eslint/no-unused-expressions -- dependency
      if (snapshot?.version !== publishedVersion) snapshot = { version: publishedVersion, state: engine.snapshot() }
      return snapshot.state
    },
    set(value) {
      streamWork.clear()
      engine.restore(value)
      publish()
      snapshot = { version: publishedVersion, state: value }
      trigger()
    },
  }))

  /** Ranged reads of the held list, newest first, reactive where read in a render or computed. */
  const view = markRaw({
    count(): number {
      published.value // eslint-disable-line @typescript-eslint/no-unused-expressions -- dependency
      return engine.items.size
    },
    at(index: number): NotificationItem | undefined {
      published.value // eslint-disable-line @typescript-eslint/no-unused-expressions -- dependency
      return engine.items.at(index)
    },
    slice(start: number, end: number): NotificationItem[] {
      published.value // eslint-disable-line @typescript-eslint/no-unused-expressions -- dependency
      return engine.items.slice(start, end)
    },
  })

  /** Stream events wait here for the end of the task that brought them, and are applied in slices. */
  const streamWork = createWorkQueue({ afterSlice: publish })

  // ---- normalising -------------------------------------------------------------------

  /** Counts ids made up for stream events that carry none. */
  let madeUp = 0

  function accept(raw: unknown, source: 'stream' | 'server', fallbackId?: string): NotificationItem | NotificationsError {
    try {
      const receivedAt = nowIso()
      const result = config.normalize(raw, {
        source,
        receivedAt,
        // Only a stream-only inbox makes ids up: with a list, an item must be found there by its id.
        fallbackId: source === 'server' || scheduler ? undefined : (fallbackId ?? `local-${Date.now().toString(36)}-${(madeUp += 1)}`),
      })
      if (typeof result?.id !== 'string' || !result.id) {
        throw new NotificationsError('invalid-item', 'Normaliser returned no item with a string "id"')
      }
      return Object.freeze({
        ...result,
        message: String(result.message ?? ''),
        createdAt: typeof result.createdAt === 'string' ? result.createdAt : receivedAt,
        readAt: typeof result.readAt === 'string' ? result.readAt : null,
      })
    } catch (cause) {
      const err =
        cause instanceof NotificationsError
          ? cause
          : new NotificationsError('invalid-item', `Rejected notification: ${describe(cause)}`, { cause })
      warn(`Dropped a notification from the ${source}: ${err.message}`, raw)
      return err
    }
  }

  function clearErrorOf(...kinds: NotificationsErrorKind[]): void {
    if (errorRef.value && kinds.includes(errorRef.value.kind)) errorRef.value = null
  }

  // ---- REST ------------------------------------------------------------------------

  async function fetchPage(cursor: string | null): Promise<FetchedPage> {
    const params: Record<string, string | number> = { [config.limitParam]: config.pageSize }
    if (cursor !== null) params[config.cursorParam] = cursor
    const response = await http.request<unknown>({ method: 'get', url: config.listUrl, params })
    const page = config.parsePage(response.data)
    const items: NotificationItem[] = []
    let sliceStart = performance.now()
    let sliced = false
    for (const raw of page.items) {
      const item = accept(raw, 'server')
      if (!(item instanceof NotificationsError)) items.push(item)
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

  function pageSettled(action: SyncAction, cause: unknown): void {
    if (cause === null) clearErrorOf('fetch', 'config', 'invalid-item')
    else errorRef.value = requestError('fetch', `Could not load ${action === 'more' ? 'more ' : ''}notifications`, cause)
    // In a task of its own: rendering a large page must not add to the task that merged it.
    publishSoon()
  }

  /** Absent without a list URL: a stream-only inbox never calls REST. */
  const scheduler =
    config.listUrl === undefined
      ? undefined
      : new SyncScheduler({
          engine,
          fetchPage,
          burst: config.burst,
          interval: config.fillInterval,
          onSettled: pageSettled,
        })

  // ---- stream -----------------------------------------------------------------------

  function invalidEvent(err: NotificationsError): void {
    errorRef.value = err
    engine.discontinuity()
    scheduler?.wake()
  }

  function eventId(payload: unknown, eventName: string): string | undefined {
    const id = idOf(payload)
    if (id === undefined) invalidEvent(new NotificationsError('invalid-item', `"${eventName}" event without an id`))
    return id
  }

  function applyEvent(name: string, payload: unknown, ownId: string | undefined): void {
    if (name === config.readEvent) {
      const id = eventId(payload, name)
      const readAt = readAtOf(payload)
      if (id !== undefined) engine.receiveRead(id, readAt === undefined ? nowIso() : readAt)
    } else if (name === config.deletedEvent) {
      const id = eventId(payload, name)
      if (id !== undefined) engine.receiveDeleted(id)
    } else if (name === config.readAllEvent) {
      engine.receiveReadAll(readAtOf(payload) ?? nowIso())
    } else {
      const batch = Array.isArray(payload)
      for (const raw of batch ? payload : [payload]) {
        // An event's own SSE id names its item, unless the event carries several.
        const item = accept(raw, 'stream', batch ? undefined : ownId)
        if (item instanceof NotificationsError) invalidEvent(item)
        else engine.receive(item)
      }
    }
  }

  let connected = false

  const feed = createLiveFeed(options, config, {
    event: (name, payload, ownId) => streamWork.push(() => applyEvent(name, payload, ownId)),
    discontinuity: () =>
      streamWork.push(() => {
        engine.discontinuity()
        scheduler?.wake()
      }),
    ready: () => {
      if (connected && config.refreshOnConnect && !engine.loaded && scheduler && scheduler.active === 0) void refresh()
    },
    broadcast: (message) => {
      const change = message as TabMessage
      if (change.kind === 'read') engine.receiveRead(change.id, change.readAt)
      else if (change.kind === 'read-all') engine.receiveReadAll(change.readAt)
      publishSoon()
    },
    error: (err) => {
      if (err.kind === 'parse' || err.kind === 'validation') {
        warn(`Malformed "${err.eventType}" event; re-checking over REST. ${err.message}`, err.data)
        streamWork.push(() => invalidEvent(new NotificationsError('invalid-item', err.message, { cause: err })))
        return
      }
      errorRef.value = new NotificationsError('stream', err.message, { status: err.status, cause: err })
    },
    open: () => clearErrorOf('stream'),
    unavailable: (message, cause) => {
      errorRef.value = new NotificationsError('stream', message, { cause })
      warn(message, cause)
    },
  })

  // ---- read state ------------------------------------------------------------------

  async function markRead(id: string): Promise<void> {
    const url = config.markReadUrl(id)
    if (url === undefined) {
      errorRef.value = configError('markRead', id)
      return
    }
    const readAt = nowIso()
    const ticket = engine.beginChange(id, readAt)
    if (!ticket) return
    publish()
    try {
      await http.request({ method: config.markReadMethod, url })
      if (ticket.epoch !== engine.epoch) return
      engine.changeSucceeded(ticket)
      clearErrorOf('mark-read')
      feed.broadcast({ kind: 'read', id, readAt } satisfies TabMessage)
    } catch (cause) {
      if (ticket.epoch !== engine.epoch) return
      engine.changeFailed(ticket)
      errorRef.value = requestError('mark-read', `Could not mark notification "${id}" as read`, cause, id)
    } finally {
      publish()
    }
  }

  async function markAllRead(): Promise<void> {
    const url = config.markAllReadUrl
    if (url === undefined) {
      errorRef.value = configError('markAllRead')
      return
    }
    const ticket = engine.beginReadAll(nowIso())
    publish()
    try {
      await http.request({ method: config.markAllReadMethod, url })
      if (ticket.epoch !== engine.epoch) return
      engine.changeSucceeded(ticket)
      clearErrorOf('mark-all-read')
      feed.broadcast({ kind: 'read-all', readAt: ticket.readAt! } satisfies TabMessage)
    } catch (cause) {
      if (ticket.epoch !== engine.epoch) return
      engine.changeFailed(ticket)
      errorRef.value = requestError('mark-all-read', 'Could not mark all notifications as read', cause)
    } finally {
      publish()
    }
  }

  // ---- public API --------------------------------------------------------------------

  /** Every held item, newest first: a new array per change, so views that show a part read `view` instead. */
  const items = computed<NotificationItem[]>(() => view.slice(0, Infinity))
  const unreadCount = computed(() => derived.value.unreadCount)
  const hasMore = computed(() => derived.value.hasMore)
  const truncated = computed(() => derived.value.truncated)
  const loading = computed(() => activeRequests.value > 0)
  /** The first page was merged; always true for a stream-only inbox, which has nothing to load. */
  const loaded = computed(() => !scheduler || derived.value.loaded)
  const error = computed(() => errorRef.value)

  function connect(): void {
    if (connected) return
    connected = true
    if (!feed.willOpen()) warn('connect() without "streamUrl" or an EventSource: REST only until it is set.')
    feed.start()
    // The first page waits for the stream to open, so that nothing published in between is missed.
    if (config.refreshOnConnect && !engine.loaded && !feed.willOpen() && scheduler?.active === 0) void refresh()
  }

  /** Closes the stream. In shared mode it also empties the store: the next user must not see this one's inbox. */
  function disconnect(): void {
    connected = false
    if (feed.stop()) clear()
  }

  /** Waits for `done`, then for the answer to be published (in the task after the one that merged it). */
  async function settled(done: Promise<void>): Promise<void> {
    publish()
    await done
    await nextTask()
    publish()
  }

  async function refresh(): Promise<void> {
    if (scheduler) await settled(scheduler.refresh())
  }

  async function loadMore(): Promise<void> {
    if (scheduler && engine.hasMore) await settled(scheduler.loadMore())
  }

  function clear(): void {
    streamWork.clear()
    engine.clear()
    scheduler?.stop()
    errorRef.value = null
    publish()
  }

  function $reset(): void {
    connected = false
    feed.stop()
    clear()
  }

  return {
    inbox,
    items,
    view,
    unreadCount,
    hasMore,
    loading,
    loaded,
    truncated,
    error,
    connection: feed.connection,
    connect,
    disconnect,
    refresh,
    loadMore,
    markRead,
    markAllRead,
    $reset,
  }
})
