import axios, { isAxiosError, type AxiosInstance } from 'axios'
import { defineStore, getActivePinia } from 'pinia'
import { computed, effectScope, hasInjectionContext, inject, shallowRef, toValue, watch, type EffectScope } from 'vue'
import { useEventStream, type EventMap, type UseEventStreamReturn } from '../composables/useEventStream'
import { useSharedEventStream, type UseSharedEventStreamReturn } from '../composables/useSharedEventStream'
import type { EventStreamError } from '../composables/EventStreamError'
import type { NotificationItem } from '../types'
import { NotificationCollection, isNewerVersion, isOlderVersion } from './NotificationCollection'
import { NotificationsError } from './NotificationsError'
import { normalizeNotification, parseNotificationsPage, toIsoDate, type NotificationsPage } from './normalize'
import { NOTIFICATIONS_OPTIONS_KEY, optionsForPinia, type NotificationsOptions } from './options'

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

function toList(value: string | readonly string[] | undefined, fallback: string): string[] {
  if (value === undefined) return [fallback]
  return typeof value === 'string' ? [value] : [...value]
}

function idOf(payload: unknown): string | undefined {
  if (typeof payload === 'string' && payload) return payload
  if (typeof payload === 'number' && Number.isFinite(payload)) return String(payload)
  if (typeof payload !== 'object' || payload === null) return undefined
  const record = payload as Record<string, unknown>
  for (const key of ['id', '_id']) {
    const value = record[key]
    if (typeof value === 'string' && value) return value
    if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  }
  return undefined
}

function readAtOf(payload: unknown): string | null | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined
  const record = payload as Record<string, unknown>
  const value = 'readAt' in record ? record.readAt : record.read_at
  if (value === null) return null
  return toIsoDate(value)
}

function timeOf(iso: string): number {
  const time = Date.parse(iso)
  return Number.isNaN(time) ? 0 : time
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}

function requestError(
  kind: 'fetch' | 'mark-read' | 'mark-all-read',
  message: string,
  cause: unknown,
  id?: string,
): NotificationsError {
  if (cause instanceof NotificationsError) return new NotificationsError(kind, `${message}: ${cause.message}`, { id, cause })
  const status = isAxiosError(cause) ? cause.response?.status : undefined
  return new NotificationsError(kind, `${message}: ${describe(cause)}`, { status, id, cause })
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
export const useNotificationStore = defineStore('vue-sse-notifications', () => {
  const injected = hasInjectionContext() ? inject(NOTIFICATIONS_OPTIONS_KEY, undefined) : undefined
  const configured = injected ?? optionsForPinia(getActivePinia())
  const options: NotificationsOptions = configured ?? {}

  const warn =
    options.warn ??
    (isDevelopment()
      ? (message: string, detail?: unknown) => {
          if (detail === undefined) console.warn(`${PREFIX} ${message}`)
          else console.warn(`${PREFIX} ${message}`, detail)
        }
      : () => {})
  if (!configured) {
    warn('The notification store is not configured: use createNotifications() or configureNotifications().')
  } else if (!options.apiUrl && !options.endpoints?.list) {
    warn('The notification store has no "apiUrl"; REST calls will fail.')
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
    if (typeof custom === 'string') return custom.replace(':id', encodeURIComponent(id))
    return apiUrl === undefined ? undefined : `${apiUrl}/${encodeURIComponent(id)}/read`
  }
  const markAllReadUrl = endpoints.markAllRead ?? (apiUrl === undefined ? undefined : `${apiUrl}/read-all`)

  const eventNames = {
    notification: toList(options.events?.notification, 'notification'),
    read: options.events?.read ?? 'notification.read',
    deleted: options.events?.deleted ?? 'notification.deleted',
    readAll: options.events?.readAll ?? 'notifications.read-all',
  }
  const listenToMessage = options.listenToMessage ?? true
  const reconcileDeletions = options.reconcileDeletions ?? true
  const notificationEvents = new Set([...eventNames.notification, ...(listenToMessage ? ['message'] : [])])
  const ownEvents = new Set([...notificationEvents, eventNames.read, eventNames.deleted, eventNames.readAll])

  // ---- state -------------------------------------------------------------

  const collection = new NotificationCollection()
  /** Bumped after every change of `collection`, which is not reactive itself. */
  const version = shallowRef(0)
  /** Unread items the server has and the store does not hold. */
  const hiddenUnread = shallowRef(0)
  const hasMoreRef = shallowRef(false)
  const truncatedRef = shallowRef(false)
  const errorRef = shallowRef<NotificationsError | null>(null)
  const pendingRequests = shallowRef(0)
  const connected = shallowRef(false)

  let cursor: string | null = null
  let loadedOnce = false
  /** Where the list ended before a gap fill hit its page limit; restored once the gap is closed. */
  let tail: { cursor: string | null; hasMore: boolean } | null = null
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
      if (!result || typeof result.id !== 'string' || result.id === '') {
        throw new NotificationsError('invalid-item', 'The normaliser returned no item with a string "id"')
      }
      const item: NotificationItem = {
        ...result,
        message: typeof result.message === 'string' ? result.message : String(result.message ?? ''),
        createdAt: typeof result.createdAt === 'string' ? result.createdAt : new Date().toISOString(),
        readAt: typeof result.readAt === 'string' ? result.readAt : null,
      }
      return Object.freeze(item)
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
    let item = next
    let overridden = 0
    const pending = pendingReads.get(item.id)
    if (pending && !pending.confirmed && item.readAt === null) {
      item = Object.freeze({ ...item, readAt: pending.readAt })
      overridden = 1
    }
    const oldest = collection.oldest()
    const { added } = collection.write(item)
    if (
      added &&
      item.readAt === null &&
      (hasMoreRef.value || truncatedRef.value) &&
      oldest &&
      oldest.item.id !== item.id &&
      timeOf(item.createdAt) < oldest.created &&
      hiddenUnread.value > 0
    ) {
      hiddenUnread.value -= 1
    }
    return overridden
  }

  function enforceCap(): void {
    const removed = collection.trimTo(maxItems)
    if (removed.length === 0) return
    let unread = 0
    for (const entry of removed) if (entry.item.readAt === null) unread += 1
    hiddenUnread.value += unread
    truncatedRef.value = true
    hasMoreRef.value = false
    cursor = null
    tail = null
  }

  function applyStreamItem(raw: unknown): void {
    const item = accept(raw, 'stream')
    if (item instanceof NotificationsError) {
      invalidStreamEvent(item)
      return
    }
    tombstones.delete(item.id)
    const existing = collection.get(item.id)
    if (existing && isOlderVersion(item, existing.item)) return
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
      if (existing.changed > since ? !isNewerVersion(item, existing.item) : isOlderVersion(item, existing.item)) {
        return existing.item.readAt !== null && item.readAt === null ? 1 : 0
      }
    } else if (
      item.readAt === null &&
      readAllMark !== null &&
      readAllMark.clock > since &&
      timeOf(item.createdAt) <= readAllMark.time
    ) {
      item = Object.freeze({ ...item, readAt: readAllMark.readAt })
      overridden = 1
    }
    return overridden + put(item)
  }

  function applyRead(payload: unknown): void {
    const id = idOf(payload)
    if (id === undefined) {
      invalidStreamEvent(new NotificationsError('invalid-item', `"${eventNames.read}" event without an id`))
      return
    }
    const readAt = readAtOf(payload)
    const pending = pendingReads.get(id)
    if (pending) pending.confirmed = true
    const entry = collection.get(id)
    if (!entry) return
    put(Object.freeze({ ...entry.item, readAt: readAt === undefined ? new Date().toISOString() : readAt }))
  }

  function applyDeleted(payload: unknown): void {
    const id = idOf(payload)
    if (id === undefined) {
      invalidStreamEvent(new NotificationsError('invalid-item', `"${eventNames.deleted}" event without an id`))
      return
    }
    collection.remove(id)
    pendingReads.delete(id)
    tombstones.set(id, collection.tick())
  }

  function applyReadAll(payload: unknown): void {
    const readAt = readAtOf(payload) ?? new Date().toISOString()
    const time = Date.parse(readAt)
    readAllMark = { clock: collection.tick(), readAt, time: Number.isNaN(time) ? Number.POSITIVE_INFINITY : time }
    for (const entry of [...collection.entries()]) {
      if (entry.item.readAt === null && entry.created <= readAllMark.time) {
        put(Object.freeze({ ...entry.item, readAt }))
      }
    }
    for (const pending of pendingReads.values()) pending.confirmed = true
    hiddenUnread.value = 0
  }

  function applyNotificationPayload(payload: unknown): void {
    if (Array.isArray(payload)) for (const raw of payload) applyStreamItem(raw)
    else applyStreamItem(payload)
  }

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
    if (listUrl === undefined) throw new NotificationsError('config', 'No "apiUrl" (or endpoints.list) configured')
    const params: Record<string, string | number> = { [limitParam]: pageSize }
    if (from !== null) params[cursorParam] = from
    const response = await http.request<unknown>({ method: 'get', url: listUrl, params })
    return parsePage(response.data)
  }

  /**
   * Takes the server's unread total when the answer can be trusted: nothing
   * changed locally while the request was in flight.
   */
  function useServerUnread(page: NotificationsPage, liveAtStart: number, overridden: number): void {
    if (page.unreadCount === undefined || liveChanges !== liveAtStart) return
    hiddenUnread.value = Math.max(0, page.unreadCount - collection.unread - overridden)
  }

  function clearErrorOf(...kinds: NotificationsError['kind'][]): void {
    if (errorRef.value && kinds.includes(errorRef.value.kind)) errorRef.value = null
  }

  function requestFinished(): void {
    pendingRequests.value = Math.max(0, pendingRequests.value - 1)
    if (pendingRequests.value === 0) {
      tombstones.clear()
      readAllMark = null
    }
  }

  let syncRunning: Promise<void> | null = null
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
    const running: Promise<void> = runSync(buffered).finally(() => {
      if (syncRunning === running) syncRunning = null
    })
    syncRunning = running
    return running
  }

  /**
   * Fetches the newest pages until one overlaps what the store held when it
   * started (or the page limit), merges them, and drops held items the pages
   * prove deleted. `buffered`: live events wait until it is done.
   */
  async function runSync(buffered: boolean): Promise<void> {
    const runEpoch = epoch
    const since = collection.clock
    const initial = !loadedOnce
    const liveAtStart = liveChanges
    if (buffered) buffering += 1
    pendingRequests.value += 1
    try {
      const seen = new Set<string>()
      let from: string | null = null
      let pages = 0
      let overlapped = false
      let hitLimit = false
      let oldestFetched = Number.POSITIVE_INFINITY
      let last: NotificationsPage
      let overridden = 0
      for (;;) {
        const page = await fetchPage(from)
        if (runEpoch !== epoch) return
        pages += 1
        for (const raw of page.items) {
          const item = accept(raw, 'server')
          if (item instanceof NotificationsError) continue
          seen.add(item.id)
          oldestFetched = Math.min(oldestFetched, timeOf(item.createdAt))
          const existing = collection.get(item.id)
          if (existing && existing.born <= since) overlapped = true
          overridden += applyServerItem(item, since)
        }
        last = page
        if (initial || overlapped || page.nextCursor === null || page.items.length === 0) break
        if (pages >= maxPages) {
          hitLimit = true
          break
        }
        from = page.nextCursor
      }
      const reachedEnd = last.nextCursor === null
      for (const entry of reconcileDeletions ? [...collection.entries()] : []) {
        if (entry.born > since || entry.changed > since || seen.has(entry.item.id)) continue
        if (reachedEnd || entry.created > oldestFetched) {
          collection.remove(entry.item.id)
          tombstones.set(entry.item.id, collection.tick())
        }
      }
      if (initial) {
        cursor = last.nextCursor
        hasMoreRef.value = cursor !== null
        loadedOnce = true
      } else if (hitLimit) {
        if (!truncatedRef.value || tail === null) tail = { cursor, hasMore: hasMoreRef.value }
        cursor = last.nextCursor
        hasMoreRef.value = true
        truncatedRef.value = true
      } else if (reachedEnd) {
        cursor = null
        hasMoreRef.value = false
        truncatedRef.value = false
        tail = null
      }
      enforceCap()
      useServerUnread(last, liveAtStart, overridden)
      clearErrorOf('fetch', 'invalid-item', 'config')
    } catch (cause) {
      if (runEpoch === epoch) {
        errorRef.value =
          cause instanceof NotificationsError && cause.kind === 'config'
            ? cause
            : requestError('fetch', 'Could not load notifications', cause)
      }
    } finally {
      if (runEpoch === epoch) {
        if (buffered) buffering -= 1
        if (buffering === 0) flushBuffer()
        requestFinished()
        bump()
      }
    }
  }

  let loadMoreRunning: Promise<void> | null = null

  async function runLoadMore(): Promise<void> {
    const runEpoch = epoch
    const since = collection.clock
    const liveAtStart = liveChanges
    pendingRequests.value += 1
    try {
      const page = await fetchPage(cursor)
      if (runEpoch !== epoch) return
      let overridden = 0
      let overlapped = false
      for (const raw of page.items) {
        const item = accept(raw, 'server')
        if (item instanceof NotificationsError) continue
        const existing = collection.get(item.id)
        if (existing && existing.born <= since) overlapped = true
        overridden += applyServerItem(item, since)
      }
      if (truncatedRef.value && tail !== null && (overlapped || page.nextCursor === null)) {
        // The gap left by a truncated gap fill is closed: continue where the list ended before.
        cursor = page.nextCursor === null ? null : tail.cursor
        hasMoreRef.value = page.nextCursor === null ? false : tail.hasMore
        tail = null
        truncatedRef.value = false
      } else {
        cursor = page.nextCursor
        hasMoreRef.value = cursor !== null
        if (cursor === null) {
          truncatedRef.value = false
          tail = null
        }
      }
      enforceCap()
      useServerUnread(page, liveAtStart, overridden)
      clearErrorOf('fetch', 'config')
    } catch (cause) {
      if (runEpoch === epoch) {
        errorRef.value =
          cause instanceof NotificationsError && cause.kind === 'config'
            ? cause
            : requestError('fetch', 'Could not load more notifications', cause)
      }
    } finally {
      if (runEpoch === epoch) {
        requestFinished()
        bump()
      }
    }
  }

  // ---- stream --------------------------------------------------------------

  /** The live feed of the current connection; a new one per `connect()`, so a new `shared.key` applies. */
  const stream = shallowRef<UseEventStreamReturn<EventMap> | undefined>()
  let streamScope: EffectScope | undefined
  let tabs: UseSharedEventStreamReturn<EventMap> | undefined

  function startStream(): void {
    const sharedKey = options.shared ? toValue(options.shared.key) : undefined
    if (options.shared && !sharedKey) {
      // A 'stream' error: a later successful REST call must not hide that there is no live feed.
      errorRef.value = new NotificationsError('stream', 'No live stream: "shared.key" (the user key) is empty')
      warn(errorRef.value.message)
      return
    }
    streamScope = effectScope(true)
    streamScope.run(() => {
      const streamOptions = { ...options.stream, immediate: false, events: [...ownEvents] }
      const url = () => toValue(options.streamUrl)
      tabs =
        options.shared && sharedKey
          ? useSharedEventStream<EventMap>(url, { ...streamOptions, shared: { ...options.shared, key: sharedKey } })
          : undefined
      const live = tabs ?? useEventStream<EventMap>(url, streamOptions)

      for (const name of notificationEvents) live.on(name, (payload) => onStreamEvent(() => applyNotificationPayload(payload)))
      live.on(eventNames.read, (payload) => onStreamEvent(() => applyRead(payload)))
      live.on(eventNames.deleted, (payload) => onStreamEvent(() => applyDeleted(payload)))
      live.on(eventNames.readAll, (payload) => onStreamEvent(() => applyReadAll(payload)))
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

  function stopStream(): void {
    streamScope?.stop()
    streamScope = undefined
    stream.value = undefined
    tabs = undefined
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
  const hasMore = computed(() => hasMoreRef.value)
  const loading = computed(() => pendingRequests.value > 0)
  const truncated = computed(() => truncatedRef.value)
  const error = computed(() => errorRef.value)
  const connection = computed(() => (connected.value ? (stream.value?.status.value ?? 'idle') : 'idle'))

  function connect(): void {
    if (connected.value) return
    connected.value = true
    if (toValue(options.streamUrl) == null) warn('connect() without a "streamUrl": only REST is used until it is set.')
    startStream()
    if ((options.refreshOnConnect ?? true) && !loadedOnce && !syncRunning) void requestSync(false)
  }

  /** Closes the stream. In shared mode it also empties the store: the next user must not see this one's inbox. */
  function disconnect(): void {
    const wasShared = !!tabs
    connected.value = false
    stopStream()
    if (wasShared) clear()
  }

  function refresh(): Promise<void> {
    return requestSync(false)
  }

  function loadMore(): Promise<void> {
    if (loadMoreRunning) return loadMoreRunning
    if (!hasMoreRef.value) return Promise.resolve()
    const running: Promise<void> = runLoadMore().finally(() => {
      if (loadMoreRunning === running) loadMoreRunning = null
    })
    loadMoreRunning = running
    return running
  }

  async function markRead(id: string): Promise<void> {
    const entry = collection.get(id)
    if ((entry && entry.item.readAt !== null) || pendingReads.has(id)) return
    const url = markReadUrl(id)
    if (url === undefined) {
      errorRef.value = new NotificationsError('config', 'No "apiUrl" (or endpoints.markRead) configured', { id })
      return
    }
    const runEpoch = epoch
    const token = {}
    const readAt = new Date().toISOString()
    liveChanges += 1
    if (entry) {
      pendingReads.set(id, { readAt, confirmed: false, token })
      put(Object.freeze({ ...entry.item, readAt }))
      bump()
    }
    try {
      await http.request({ method: endpoints.markReadMethod ?? 'post', url })
      if (runEpoch === epoch) {
        clearErrorOf('mark-read')
        tabs?.broadcast({ kind: 'read', id, readAt } satisfies TabMessage)
      }
    } catch (cause) {
      if (runEpoch !== epoch) return
      const pending = pendingReads.get(id)
      if (pending?.token === token) {
        pendingReads.delete(id)
        const current = collection.get(id)
        if (!pending.confirmed && current && current.item.readAt === readAt) {
          put(Object.freeze({ ...current.item, readAt: null }))
        }
      }
      errorRef.value = requestError('mark-read', `Could not mark notification "${id}" as read`, cause, id)
    } finally {
      if (runEpoch === epoch) {
        if (pendingReads.get(id)?.token === token) pendingReads.delete(id)
        bump()
      }
    }
  }

  async function markAllRead(): Promise<void> {
    if (markAllReadUrl === undefined) {
      errorRef.value = new NotificationsError('config', 'No "apiUrl" (or endpoints.markAllRead) configured')
      return
    }
    const runEpoch = epoch
    const token = {}
    const readAt = new Date().toISOString()
    const touched: string[] = []
    for (const entry of [...collection.entries()]) {
      if (entry.item.readAt !== null || pendingReads.has(entry.item.id)) continue
      touched.push(entry.item.id)
      pendingReads.set(entry.item.id, { readAt, confirmed: false, token })
      put(Object.freeze({ ...entry.item, readAt }))
    }
    const hiddenBefore = hiddenUnread.value
    hiddenUnread.value = 0
    liveChanges += 1
    bump()
    try {
      await http.request({ method: endpoints.markAllReadMethod ?? 'post', url: markAllReadUrl })
      if (runEpoch === epoch) {
        clearErrorOf('mark-all-read')
        tabs?.broadcast({ kind: 'read-all', readAt } satisfies TabMessage)
      }
    } catch (cause) {
      if (runEpoch !== epoch) return
      let confirmedMeanwhile = false
      for (const id of touched) {
        const pending = pendingReads.get(id)
        if (pending?.token !== token) continue
        pendingReads.delete(id)
        if (pending.confirmed) {
          confirmedMeanwhile = true
          continue
        }
        const current = collection.get(id)
        if (current && current.item.readAt === readAt) put(Object.freeze({ ...current.item, readAt: null }))
      }
      if (!confirmedMeanwhile && hiddenUnread.value === 0) hiddenUnread.value = hiddenBefore
      errorRef.value = requestError('mark-all-read', 'Could not mark all notifications as read', cause)
    } finally {
      if (runEpoch === epoch) {
        for (const id of touched) if (pendingReads.get(id)?.token === token) pendingReads.delete(id)
        bump()
      }
    }
  }

  function $reset(): void {
    connected.value = false
    stopStream()
    clear()
  }

  function clear(): void {
    epoch += 1
    collection.clear()
    hiddenUnread.value = 0
    hasMoreRef.value = false
    truncatedRef.value = false
    errorRef.value = null
    pendingRequests.value = 0
    cursor = null
    loadedOnce = false
    tail = null
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
