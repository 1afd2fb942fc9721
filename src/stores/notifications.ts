import axios, { isAxiosError, type AxiosInstance } from 'axios'
import { defineStore, getActivePinia } from 'pinia'
import { computed, effectScope, hasInjectionContext, inject, shallowRef, toValue, watch, type EffectScope } from 'vue'
import { useEventStream, type EventMap, type UseEventStreamReturn } from '../composables/useEventStream'
// Types only: shared mode is loaded on demand in `startStream`.
import type { useSharedEventStream, UseSharedEventStreamReturn } from '../composables/useSharedEventStream'
import type { EventStreamError } from '../composables/EventStreamError'
import type { NotificationItem } from '../types'
import { NotificationCollection, createdTime, versionDelta, type NotificationEntry } from './NotificationCollection'
import { NotificationsError, type NotificationsErrorKind } from './NotificationsError'
import { normalizeNotification, parseNotificationsPage, toIsoDate, toKey, type NotificationsPage } from './normalize'
import {
  NOTIFICATIONS_OPTIONS_KEY,
  optionsForPinia,
  type NotificationsHttpMethod,
  type NotificationsOptions,
} from './options'

const PREFIX = '[vue-sse-notifications]'

/** Read-state changes one tab tells the others in shared mode. */
type TabMessage = { kind: 'read'; id: string; readAt: string } | { kind: 'read-all'; readAt: string }

/** Read as the literal `process.env.NODE_ENV`, which bundlers replace; the build does not assume Node types. */
declare const process: { env: { NODE_ENV?: string } }

function isDevelopment(): boolean {
  try {
    return process.env.NODE_ENV !== 'production'
  } catch {
    // No bundler replacement and no `process` (plain ES modules in a browser).
    return true
  }
}

const nowIso = (): string => new Date().toISOString()

const withReadAt = (item: NotificationItem, readAt: string | null): NotificationItem => Object.freeze({ ...item, readAt })

/** Id of a stream payload: the payload itself, or its `id` / `_id`. */
function idOf(payload: unknown): string | undefined {
  const record = payload as Record<string, unknown> | null | undefined
  return toKey(payload) ?? toKey(record?.id) ?? toKey(record?._id)
}

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
  const status = isAxiosError(cause) ? cause.response?.status : undefined
  return new NotificationsError(kind, `${message}: ${describe(cause)}`, { status, id, cause })
}

function configError(endpoint: string, id?: string): NotificationsError {
  return new NotificationsError('config', `No "apiUrl" (or endpoints.${endpoint}) configured`, { id })
}

interface PendingRead {
  readAt: string
  /** The server confirmed the read over the stream; no rollback any more. */
  confirmed: boolean
  token: object
}

/**
 * The notification inbox. Configure it with the `createNotifications` plugin,
 * or with `configureNotifications(pinia, options)` before first use.
 */
export const useNotificationStore = /* @__PURE__ */ defineStore('vue-sse-notifications', () => {
  const injected = hasInjectionContext() ? inject(NOTIFICATIONS_OPTIONS_KEY, undefined) : undefined
  const configured = injected ?? optionsForPinia(getActivePinia())
  const options: NotificationsOptions = configured ?? {}

  const warn =
    options.warn ??
    (isDevelopment()
      ? (message: string, detail?: unknown) =>
          console.warn(`${PREFIX} ${message}`, ...(detail === undefined ? [] : [detail]))
      : () => {})
  if (!configured) {
    warn('Store not configured: use createNotifications() or configureNotifications().')
  } else if (!options.apiUrl && !options.endpoints?.list) {
    warn('No "apiUrl": REST calls will fail.')
  }

  const http: AxiosInstance = options.http ?? axios
  const pageSize = options.pageSize ?? 20
  const maxItems = Math.max(1, options.maxItems ?? 500)
  const maxPages = Math.max(1, options.gapFillMaxPages ?? 5)
  const normalize = options.normalize ?? normalizeNotification
  const parsePage = options.parsePage ?? parseNotificationsPage
  const limitParam = options.query?.limit ?? 'limit'
  const cursorParam = options.query?.cursor ?? 'cursor'
  const endpoints = options.endpoints ?? {}
  const apiUrl = options.apiUrl?.replace(/\/+$/, '')
  const listUrl = endpoints.list ?? apiUrl
  const markReadUrl = (id: string): string | undefined => {
    const custom = endpoints.markRead
    if (typeof custom === 'function') return custom(id)
    const encodedId = encodeURIComponent(id)
    if (typeof custom === 'string') return custom.replace(':id', encodedId)
    return apiUrl === undefined ? undefined : `${apiUrl}/${encodedId}/read`
  }
  const markAllReadUrl = endpoints.markAllRead ?? (apiUrl === undefined ? undefined : `${apiUrl}/read-all`)

  const events = options.events ?? {}
  const readEvent = events.read ?? 'notification.read'
  const deletedEvent = events.deleted ?? 'notification.deleted'
  const reconcileDeletions = options.reconcileDeletions ?? true

  // ---- state -------------------------------------------------------------

  const collection = new NotificationCollection()
  /** Bumped after every change of `collection`, which is not reactive itself. */
  const version = shallowRef(0)
  /** Unread items the server has and the store does not hold. */
  const hiddenUnread = shallowRef(0)
  /** Cursor of the next older page; `null` when there is none (so `hasMore` is false). */
  const cursor = shallowRef<string | null>(null)
  const truncatedRef = shallowRef(false)
  const errorRef = shallowRef<NotificationsError | null>(null)
  const pendingRequests = shallowRef(0)

  let loadedOnce = false
  /** Between `connect()` and `disconnect()`/`$reset()`. */
  let connected = false
  /**
   * Cursor where the list ended before a gap fill hit its page limit (`null`:
   * it had ended), restored once the gap is closed; `undefined` when there is no gap.
   */
  let tail: string | null | undefined
  /** Bumped by `$reset`, so answers to requests made before it are ignored. */
  let epoch = 0
  /** Deletions seen while requests are in flight: id -> clock. */
  const tombstones = new Map<string, number>()
  let readAllMark: { clock: number; readAt: string; time: number } | null = null
  const pendingReads = new Map<string, PendingRead>()
  /** Counts changes that did not come from REST answers (stream events, local actions). */
  let liveChanges = 0
  let buffering = 0
  const buffer: (() => void)[] = []
  let wasOpen = false

  const bump = (): void => {
    version.value += 1
  }

  // ---- merging -------------------------------------------------------------

  function accept(raw: unknown, source: 'stream' | 'server'): NotificationItem | NotificationsError {
    try {
      const result = normalize(raw)
      if (typeof result?.id !== 'string' || !result.id) {
        throw new NotificationsError('invalid-item', 'Normaliser returned no item with a string "id"')
      }
      return Object.freeze({
        ...result,
        message: String(result.message ?? ''),
        createdAt: typeof result.createdAt === 'string' ? result.createdAt : nowIso(),
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

  /**
   * Writes an item, keeping pending optimistic reads and the hidden unread count
   * consistent. Returns 1 when an unread state was overridden by a pending read.
   */
  function put(next: NotificationItem): number {
    const pending = pendingReads.get(next.id)
    const overridden = pending && !pending.confirmed && next.readAt === null ? 1 : 0
    const item = overridden ? withReadAt(next, pending!.readAt) : next
    const oldest = collection.oldest()
    if (
      collection.write(item) &&
      item.readAt === null &&
      (cursor.value !== null || truncatedRef.value) &&
      oldest &&
      createdTime(item) < oldest.created &&
      hiddenUnread.value > 0
    ) {
      // A new unread item below everything held was one of the hidden ones.
      hiddenUnread.value -= 1
    }
    return overridden
  }

  function enforceCap(): void {
    const removed = collection.trimTo(maxItems)
    if (removed.length === 0) return
    hiddenUnread.value += removed.filter((entry) => entry.item.readAt === null).length
    truncatedRef.value = true
    cursor.value = null
    tail = undefined
  }

  function applyStreamItem(raw: unknown): void {
    const item = accept(raw, 'stream')
    if (item instanceof NotificationsError) {
      invalidStreamEvent(item)
      return
    }
    tombstones.delete(item.id)
    const existing = collection.get(item.id)
    if (existing && versionDelta(item, existing.item) < 0) return
    const pending = pendingReads.get(item.id)
    if (pending && item.readAt !== null) pending.confirmed = true
    put(item)
    enforceCap()
  }

  /**
   * Merges one item of a REST answer to a request that started at `since`
   * (collection clock). Returns how many server "unread" states local knowledge overrode (0 or 1).
   */
  function applyServerItem(next: NotificationItem, since: number): number {
    let item = next
    let overridden = 0
    const deletedAt = tombstones.get(item.id)
    if (deletedAt !== undefined && deletedAt > since) return 0
    const existing = collection.get(item.id)
    if (existing) {
      // Changed while the request was in flight: the answer may predate that change.
      const delta = versionDelta(item, existing.item)
      if (existing.changed > since ? !(delta > 0) : delta < 0) {
        return existing.item.readAt !== null && item.readAt === null ? 1 : 0
      }
    } else if (
      item.readAt === null &&
      readAllMark !== null &&
      readAllMark.clock > since &&
      createdTime(item) <= readAllMark.time
    ) {
      item = withReadAt(item, readAllMark.readAt)
      overridden = 1
    }
    return overridden + put(item)
  }

  /** Id of a read or deleted event; without one the event is invalid and a re-sync starts. */
  function eventId(payload: unknown, eventName: string): string | undefined {
    const id = idOf(payload)
    if (id === undefined) {
      invalidStreamEvent(new NotificationsError('invalid-item', `"${eventName}" event without an id`))
    }
    return id
  }

  function applyRead(payload: unknown): void {
    const id = eventId(payload, readEvent)
    if (id === undefined) return
    const readAt = readAtOf(payload)
    const pending = pendingReads.get(id)
    if (pending) pending.confirmed = true
    const entry = collection.get(id)
    if (entry) put(withReadAt(entry.item, readAt === undefined ? nowIso() : readAt))
  }

  function applyDeleted(payload: unknown): void {
    const id = eventId(payload, deletedEvent)
    if (id === undefined) return
    collection.remove(id)
    pendingReads.delete(id)
    tombstones.set(id, collection.tick())
  }

  function applyReadAll(payload: unknown): void {
    const readAt = readAtOf(payload) ?? nowIso()
    const time = Date.parse(readAt)
    readAllMark = { clock: collection.tick(), readAt, time: Number.isNaN(time) ? Infinity : time }
    for (const entry of collection.entries()) {
      if (entry.item.readAt === null && entry.created <= readAllMark.time) put(withReadAt(entry.item, readAt))
    }
    for (const pending of pendingReads.values()) pending.confirmed = true
    hiddenUnread.value = 0
  }

  function applyNotificationPayload(payload: unknown): void {
    for (const raw of Array.isArray(payload) ? payload : [payload]) applyStreamItem(raw)
  }

  const notificationEvents = new Set([
    ...[events.notification ?? 'notification'].flat(),
    ...((options.listenToMessage ?? true) ? ['message'] : []),
  ])
  /** Stream events the store handles, in the order their handlers are registered. */
  const handlers: [string, (payload: unknown) => void][] = [
    ...[...notificationEvents].map((name): [string, (payload: unknown) => void] => [name, applyNotificationPayload]),
    [readEvent, applyRead],
    [deletedEvent, applyDeleted],
    [events.readAll ?? 'notifications.read-all', applyReadAll],
  ]
  const ownEvents = new Set(handlers.map(([name]) => name))

  function invalidStreamEvent(err: NotificationsError): void {
    errorRef.value = err
    void requestSync(true)
  }

  function onStreamEvent(apply: () => void): void {
    if (buffering > 0) {
      buffer.push(apply)
      return
    }
    liveChanges += 1
    apply()
    bump()
  }

  function flushBuffer(): void {
    const pending = buffer.splice(0)
    liveChanges += pending.length
    for (const apply of pending) apply()
  }

  // ---- REST --------------------------------------------------------------------

  async function fetchPage(from: string | null): Promise<NotificationsPage> {
    if (listUrl === undefined) throw configError('list')
    const params: Record<string, string | number> = { [limitParam]: pageSize }
    if (from !== null) params[cursorParam] = from
    const response = await http.request<unknown>({ method: 'get', url: listUrl, params })
    return parsePage(response.data)
  }

  function clearErrorOf(...kinds: NotificationsErrorKind[]): void {
    if (errorRef.value && kinds.includes(errorRef.value.kind)) errorRef.value = null
  }

  /** Continues the list at `next`; reaching its end (`null`) also closes any gap a truncation left. */
  function continueAt(next: string | null): void {
    cursor.value = next
    if (next === null) {
      truncatedRef.value = false
      tail = undefined
    }
  }

  let syncRunning: Promise<void> | null = null
  let loadMoreRunning: Promise<void> | null = null
  let syncQueued: Promise<void> | null = null
  let queuedBuffered = false

  /** Runs a sync now, or once after the running one (several requests share that one). */
  function requestSync(buffered: boolean): Promise<void> {
    if (!syncRunning) return startSync(buffered)
    queuedBuffered ||= buffered
    if (!syncQueued) {
      const queuedIn = epoch
      syncQueued = syncRunning.then(() => {
        syncQueued = null
        const useBuffer = queuedBuffered
        queuedBuffered = false
        return queuedIn === epoch ? startSync(useBuffer) : undefined
      })
    }
    return syncQueued
  }

  function startSync(buffered: boolean): Promise<void> {
    const running: Promise<void> = load(false, buffered).finally(() => {
      if (syncRunning === running) syncRunning = null
    })
    syncRunning = running
    return running
  }

  /**
   * `more`: loads the page after `cursor` (`loadMore`). Otherwise syncs: fetches
   * the newest pages until one overlaps what the store held when it started (or
   * the page limit), merges them, and drops held items the pages prove deleted.
   * `buffered`: live events wait until it is done.
   */
  async function load(more: boolean, buffered: boolean): Promise<void> {
    const runEpoch = epoch
    const since = collection.clock
    const initial = !loadedOnce
    const liveAtStart = liveChanges
    if (buffered) buffering += 1
    pendingRequests.value += 1
    try {
      const seen = new Set<string>()
      let from = more ? cursor.value : null
      let pages = 0
      let overlapped = false
      let hitLimit = false
      let oldestFetched = Infinity
      let page: NotificationsPage
      let overridden = 0
      for (;;) {
        page = await fetchPage(from)
        if (runEpoch !== epoch) return
        pages += 1
        for (const raw of page.items) {
          const item = accept(raw, 'server')
          if (item instanceof NotificationsError) continue
          seen.add(item.id)
          oldestFetched = Math.min(oldestFetched, createdTime(item))
          const existing = collection.get(item.id)
          if (existing && existing.born <= since) overlapped = true
          overridden += applyServerItem(item, since)
        }
        if (more || initial || overlapped || page.nextCursor === null || page.items.length === 0) break
        hitLimit = pages >= maxPages
        if (hitLimit) break
        from = page.nextCursor
      }
      const reachedEnd = page.nextCursor === null
      if (more) {
        if (truncatedRef.value && tail !== undefined && (overlapped || reachedEnd)) {
          // The gap left by a truncated gap fill is closed: continue where the list ended before.
          truncatedRef.value = false
          continueAt(reachedEnd ? null : tail)
          tail = undefined
        } else {
          continueAt(page.nextCursor)
        }
      } else {
        for (const entry of reconcileDeletions ? collection.entries() : []) {
          if (entry.born > since || entry.changed > since || seen.has(entry.item.id)) continue
          if (reachedEnd || entry.created > oldestFetched) {
            collection.remove(entry.item.id)
            tombstones.set(entry.item.id, collection.tick())
          }
        }
        if (initial) {
          cursor.value = page.nextCursor
          loadedOnce = true
        } else if (hitLimit) {
          if (!truncatedRef.value || tail === undefined) tail = cursor.value
          cursor.value = page.nextCursor
          truncatedRef.value = true
        } else if (reachedEnd) {
          continueAt(null)
        }
      }
      enforceCap()
      // The server's unread total can be trusted when nothing changed locally while the request was in flight.
      if (page.unreadCount !== undefined && liveChanges === liveAtStart) {
        hiddenUnread.value = Math.max(0, page.unreadCount - collection.unread - overridden)
      }
      clearErrorOf('fetch', 'config', ...(more ? [] : (['invalid-item'] as const)))
    } catch (cause) {
      if (runEpoch === epoch) {
        errorRef.value =
          cause instanceof NotificationsError && cause.kind === 'config'
            ? cause
            : requestError('fetch', `Could not load ${more ? 'more ' : ''}notifications`, cause)
      }
    } finally {
      if (runEpoch === epoch) {
        if (buffered) buffering -= 1
        if (buffering === 0) flushBuffer()
        pendingRequests.value = Math.max(0, pendingRequests.value - 1)
        if (pendingRequests.value === 0) {
          tombstones.clear()
          readAllMark = null
        }
        bump()
      }
    }
  }

  // ---- stream --------------------------------------------------------------

  /** The live feed of the current connection; a new one per `connect()`, so a new `shared.key` applies. */
  const stream = shallowRef<UseEventStreamReturn<EventMap> | undefined>()
  let streamScope: EffectScope | undefined
  let tabs: UseSharedEventStreamReturn<EventMap> | undefined
  /**
   * The shared-mode module load in progress. `stopStream` clears it, so a load
   * that completes after a disconnect, `$reset` or newer `connect()` is ignored.
   */
  const sharedLoad = shallowRef<Promise<void> | null>(null)

  /** Leaves the store without a live feed; a 'stream' error, so a later successful REST call does not hide it. */
  function noStream(message: string, cause?: unknown): void {
    errorRef.value = new NotificationsError('stream', message, { cause })
    warn(message, cause)
  }

  function startStream(): void {
    const shared = options.shared
    if (!shared) {
      openStream()
      return
    }
    const key = toValue(shared.key)
    if (!key) {
      noStream('No live stream: "shared.key" is empty')
      return
    }
    // Loaded on demand, so that apps without shared mode do not ship it.
    const load: Promise<void> = import('../composables/useSharedEventStream').then(
      (loaded) => {
        if (sharedLoad.value !== load) return
        sharedLoad.value = null
        openStream({ useShared: loaded.useSharedEventStream, key })
      },
      (cause: unknown) => {
        if (sharedLoad.value !== load) return
        sharedLoad.value = null
        noStream(`No live stream: shared mode failed to load: ${describe(cause)}`, cause)
      },
    )
    sharedLoad.value = load
  }

  /** Opens this tab's own stream, or with `sharing` one shared by the tabs of user `key`. */
  function openStream(sharing?: { useShared: typeof useSharedEventStream; key: string }): void {
    streamScope = effectScope(true)
    streamScope.run(() => {
      const streamOptions = { ...options.stream, immediate: false, events: [...ownEvents] }
      const url = () => toValue(options.streamUrl)
      tabs = sharing?.useShared<EventMap>(url, { ...streamOptions, shared: { ...options.shared, key: sharing.key } })
      const live = tabs ?? useEventStream<EventMap>(url, streamOptions)

      for (const [name, apply] of handlers) live.on(name, (payload) => onStreamEvent(() => apply(payload)))
      // Read state changed in another tab of the same user.
      tabs?.onBroadcast((message) => {
        const change = message as TabMessage
        if (change.kind === 'read') onStreamEvent(() => applyRead(change))
        else if (change.kind === 'read-all') onStreamEvent(() => applyReadAll(change))
      })

      live.onError((err: EventStreamError) => {
        if (err.kind === 'parse' || err.kind === 'validation') {
          if (err.eventType === undefined || !ownEvents.has(err.eventType)) return
          warn(`Malformed "${err.eventType}" event; re-syncing over REST. ${err.message}`, err.data)
          invalidStreamEvent(new NotificationsError('invalid-item', err.message, { cause: err }))
          return
        }
        errorRef.value = new NotificationsError('stream', err.message, { status: err.status, cause: err })
      })

      watch(
        live.status,
        (status) => {
          if (status !== 'open') return
          clearErrorOf('stream')
          // Whatever happened before this connection opened may be missing: fill the gap.
          if (wasOpen || loadedOnce || syncRunning) void requestSync(true)
          wasOpen = true
        },
        { flush: 'sync' },
      )
      stream.value = live
      live.open()
    })
  }

  /** Closes the stream, or cancels the one still loading; returns whether it was (to be) shared. */
  function stopStream(): boolean {
    const wasShared = !!tabs || !!sharedLoad.value
    connected = false
    sharedLoad.value = null
    streamScope?.stop()
    streamScope = undefined
    stream.value = undefined
    tabs = undefined
    return wasShared
  }

  // ---- marking read -------------------------------------------------------

  /**
   * Marks `entries` read at once and sends the read request. When it fails,
   * those the stream did not confirm meanwhile are rolled back and
   * `onFailure` learns whether any was confirmed.
   */
  async function sendRead(
    kind: 'mark-read' | 'mark-all-read',
    url: string,
    method: NotificationsHttpMethod | undefined,
    change: TabMessage,
    entries: NotificationEntry[],
    failure: string,
    onFailure?: (confirmedMeanwhile: boolean) => void,
  ): Promise<void> {
    const runEpoch = epoch
    const { readAt } = change
    /** Tells these pending reads from later ones of the same ids. */
    const token = {}
    const ids = entries.map(({ item }) => item.id)
    for (const { item } of entries) {
      pendingReads.set(item.id, { readAt, confirmed: false, token })
      put(withReadAt(item, readAt))
    }
    liveChanges += 1
    if (ids.length > 0) bump()
    try {
      await http.request({ method: method ?? 'post', url })
      if (runEpoch === epoch) {
        clearErrorOf(kind)
        tabs?.broadcast(change)
      }
    } catch (cause) {
      if (runEpoch !== epoch) return
      let confirmedMeanwhile = false
      for (const id of ids) {
        const pending = pendingReads.get(id)
        if (pending?.token !== token) continue
        pendingReads.delete(id)
        confirmedMeanwhile ||= pending.confirmed
        const current = collection.get(id)
        if (!pending.confirmed && current?.item.readAt === readAt) put(withReadAt(current.item, null))
      }
      onFailure?.(confirmedMeanwhile)
      errorRef.value = requestError(kind, failure, cause, change.kind === 'read' ? change.id : undefined)
    } finally {
      if (runEpoch === epoch) {
        for (const id of ids) if (pendingReads.get(id)?.token === token) pendingReads.delete(id)
        bump()
      }
    }
  }

  // ---- public API ------------------------------------------------------------

  const items = computed<NotificationItem[]>(() => {
    void version.value
    return collection.toArray()
  })
  const unreadCount = computed(() => {
    void version.value
    return Math.max(0, collection.unread + hiddenUnread.value)
  })
  const hasMore = computed(() => cursor.value !== null)
  const loading = computed(() => pendingRequests.value > 0)
  const truncated = computed(() => truncatedRef.value)
  const error = computed(() => errorRef.value)
  // `stream` and `sharedLoad` are unset while disconnected; while shared mode loads, a stream is on its way.
  const connection = computed(() => stream.value?.status.value ?? (sharedLoad.value ? 'connecting' : 'idle'))

  function connect(): void {
    if (connected) return
    connected = true
    if (toValue(options.streamUrl) == null) warn('connect() without "streamUrl": REST only until it is set.')
    startStream()
    if ((options.refreshOnConnect ?? true) && !loadedOnce && !syncRunning) void requestSync(false)
  }

  /** Closes the stream. In shared mode it also empties the store: the next user must not see this one's inbox. */
  function disconnect(): void {
    if (stopStream()) clear()
  }

  function refresh(): Promise<void> {
    return requestSync(false)
  }

  function loadMore(): Promise<void> {
    if (!loadMoreRunning && cursor.value !== null) {
      const running: Promise<void> = load(true, false).finally(() => {
        if (loadMoreRunning === running) loadMoreRunning = null
      })
      loadMoreRunning = running
    }
    return loadMoreRunning ?? Promise.resolve()
  }

  async function markRead(id: string): Promise<void> {
    const entry = collection.get(id)
    if ((entry && entry.item.readAt !== null) || pendingReads.has(id)) return
    const url = markReadUrl(id)
    if (url === undefined) {
      errorRef.value = configError('markRead', id)
      return
    }
    const change: TabMessage = { kind: 'read', id, readAt: nowIso() }
    const failure = `Could not mark notification "${id}" as read`
    await sendRead('mark-read', url, endpoints.markReadMethod, change, entry ? [entry] : [], failure)
  }

  async function markAllRead(): Promise<void> {
    if (markAllReadUrl === undefined) {
      errorRef.value = configError('markAllRead')
      return
    }
    const unread = collection.entries().filter(({ item }) => item.readAt === null && !pendingReads.has(item.id))
    const hiddenBefore = hiddenUnread.value
    hiddenUnread.value = 0
    await sendRead(
      'mark-all-read',
      markAllReadUrl,
      endpoints.markAllReadMethod,
      { kind: 'read-all', readAt: nowIso() },
      unread,
      'Could not mark all notifications as read',
      (confirmedMeanwhile) => {
        if (!confirmedMeanwhile && hiddenUnread.value === 0) hiddenUnread.value = hiddenBefore
      },
    )
  }

  function $reset(): void {
    stopStream()
    clear()
  }

  function clear(): void {
    epoch += 1
    collection.clear()
    hiddenUnread.value = 0
    cursor.value = null
    truncatedRef.value = false
    errorRef.value = null
    pendingRequests.value = 0
    loadedOnce = false
    tail = undefined
    tombstones.clear()
    readAllMark = null
    pendingReads.clear()
    buffering = 0
    buffer.length = 0
    wasOpen = false
    syncRunning = null
    syncQueued = null
    queuedBuffered = false
    loadMoreRunning = null
    bump()
  }

  return {
    items,
    unreadCount,
    hasMore,
    loading,
    truncated,
    error,
    connection,
    connect,
    disconnect,
    refresh,
    loadMore,
    markRead,
    markAllRead,
    $reset,
  }
})
