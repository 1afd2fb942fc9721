import { defineStore, getActivePinia } from 'pinia'
import { computed, customRef, hasInjectionContext, inject, shallowRef } from 'vue'
import { InboxEngine } from '../inbox/InboxEngine'
import { SyncScheduler, type SyncAction } from '../inbox/SyncScheduler'
import type { InboxSnapshot } from '../inbox/tickets'
import type { NotificationItem } from '../types'
import { afterTask, nextTask } from '../utils/afterTask'
import { tryOnScopeDispose } from '../utils/tryOnScopeDispose'
import { createWorkQueue } from '../utils/workQueue'
import { createItemAcceptor, idOf, nowIso, readAtOf } from './acceptItem'
import { resolveConfig } from './config'
import { createPageFetcher } from './fetchPage'
import { createItemActions, requestError, type TabMessage } from './itemActions'
import { createListView, type NotificationsFilter } from './listView'
import { createLiveFeed } from './liveFeed'
import { NotificationsError, type NotificationsAction, type NotificationsErrorKind } from './NotificationsError'
import { NOTIFICATIONS_OPTIONS_KEY, optionsForPinia, type NotificationsOptions, type ReadStateMode } from './options'
import { createUserLocalState } from './userLocalState'

export type { NotificationsFilter } from './listView'

/** Background pages that fail in a row before the failure is shown: one failure is retried unseen. */
const SHOWN_AFTER_FAILURES = 3

/** Which actions this configuration offers, and where each one goes. */
export interface NotificationsCapabilities {
  /** `refresh()` and `loadMore()` reach a list endpoint. */
  refresh: boolean
  loadMore: boolean
  markRead: ReadStateMode
  /** Follows `markRead`. */
  markUnread: ReadStateMode
  /** `false`: not offered (no read-all endpoint while read state is on the server). */
  markAllRead: ReadStateMode | false
  archive: ReadStateMode | false
}

/** What the getters read; published once per task at most. */
interface Derived {
  unreadCount: number
  unseenCount: number
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
  const { warn } = config
  if (!configured) warn('Store not configured: use createNotifications() or configureNotifications().')

  const engine = new InboxEngine({ maxItems: config.maxItems, reconcileDeletions: config.reconcileDeletions })
  const streamOnly = config.listUrl === undefined
  const { markRead: readMode, markAllRead: readAllMode, archive: archiveMode } = config.readState
  /** Read state or items kept in this browser (the items: a stream-only inbox has no list to reload). */
  const usesLocalState = streamOnly || readMode === 'local' || readAllMode === 'local' || archiveMode === 'local'

  // ---- local state, per user -------------------------------------------------------

  const userLocalState = createUserLocalState(options, 2 * config.maxItems)
  const localState = userLocalState.get

  // ---- publishing --------------------------------------------------------------
  // Stream events are applied after the task that brought them, in slices (`streamWork`), other
  // changes at once; Vue sees the result once per such task, or at the end of an action. Views
  // read the list by index (`view`), so a change costs no copy of it.

  /** Which items `visibleItems` holds. */
  const filter = shallowRef<NotificationsFilter>('all')
  const errorRef = shallowRef<NotificationsError | null>(null)
  const activeRequests = shallowRef(0)
  /** Engine version Vue last saw; bumping `published` tells every reader. */
  let publishedVersion = engine.version
  const published = shallowRef(publishedVersion)
  let cancelPublish: (() => void) | undefined
  /** New items that arrived live since the last publish, for `onNew`. */
  let arrived: NotificationItem[] = []
  const newHandlers = new Set<(items: NotificationItem[]) => void>()
  let keepTimer: ReturnType<typeof setTimeout> | undefined

  function derive(): Derived {
    // Never seen: every unread item is unseen, the ones not held included.
    const seenUpTo = userLocalState.current()?.seenUpTo ?? -Infinity
    const unseen = seenUpTo === -Infinity ? engine.unreadCount : engine.items.unreadAfter(seenUpTo)
    // Before the first page there is nothing to load "more" of: the first load is `refresh()`.
    return {
      unreadCount: engine.unreadCount,
      unseenCount: unseen,
      hasMore: engine.loaded && engine.hasMore,
      truncated: engine.truncated,
      loaded: engine.loaded,
    }
  }
  const derived = shallowRef<Derived>(derive())

  function publish(): void {
    cancelPublish?.()
    cancelPublish = undefined
    activeRequests.value = scheduler?.active ?? 0
    if (engine.version !== publishedVersion) {
      publishedVersion = engine.version
      published.value = publishedVersion
      derived.value = derive()
      if (streamOnly) keepItemsSoon()
    }
    // Still unread; an item the cap dropped at once (a burst larger than `maxItems`) arrived all the same.
    const fresh = arrived.filter((item) => (engine.items.get(item.id)?.item ?? item).readAt === null)
    arrived = []
    if (fresh.length > 0) for (const handler of [...newHandlers]) handler(fresh)
  }

  function publishSoon(): void {
    cancelPublish ??= afterTask(publish)
  }

  /** A stream-only inbox keeps what it received, at most once a second. */
  function keepItemsSoon(): void {
    keepTimer ??= setTimeout(keepItemsNow, 1000)
  }

  function keepItemsNow(): void {
    clearTimeout(keepTimer)
    keepTimer = undefined
    const saved = localState()
    // What another tab of the same user received and this one did not is shown here too.
    const fromOtherTabs = saved.keepItems(engine.items.toArray())
    for (const kept of fromOtherTabs) {
      const item = saved.apply(Object.freeze({ ...kept }))
      if (item) engine.receive(item)
    }
    if (fromOtherTabs.length > 0) publishSoon()
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

  const { items, visibleItems, view } = createListView(engine.items, published, filter)

  /** Stream events wait here for the end of the task that brought them, and are applied in slices. */
  const streamWork = createWorkQueue({ afterSlice: publish })

  // ---- normalising -------------------------------------------------------------------

  const accept = createItemAcceptor({ config, makesIdsUp: streamOnly, apply: usesLocalState ? (item) => localState().apply(item) : undefined })

  /** Clears the error when it is of one of `kinds`, or a sign-out that one of `actions` ran into. */
  function clearErrorOf(kinds: NotificationsErrorKind[], actions: NotificationsAction[] = []): void {
    const current = errorRef.value
    if (current && (kinds.includes(current.kind) || (current.kind === 'signed-out' && actions.includes(current.action!)))) {
      errorRef.value = null
    }
  }

  // ---- REST ------------------------------------------------------------------------

  let backgroundFailures = 0

  function pageSettled(action: SyncAction, cause: unknown): void {
    backgroundFailures = cause !== null && action === 'background' ? backgroundFailures + 1 : 0
    if (cause === null) clearErrorOf(['fetch', 'config', 'invalid-item'], ['refresh', 'load-more', 'sync'])
    else if (action !== 'background' || backgroundFailures >= SHOWN_AFTER_FAILURES) {
      const [failed, what] =
        action === 'more' ? (['load-more', 'more notifications'] as const) : ([action === 'refresh' ? 'refresh' : 'sync', 'notifications'] as const)
      errorRef.value = requestError('fetch', failed, `Could not load ${what}`, cause)
    }
    // In a task of its own: rendering a large page must not add to the task that merged it.
    publishSoon()
  }

  /** Absent without a list URL: a stream-only inbox never calls REST. */
  const scheduler = streamOnly
    ? undefined
    : new SyncScheduler({ engine, fetchPage: createPageFetcher(config, accept), burst: config.burst, interval: config.fillInterval, onSettled: pageSettled })

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

  function applyEvent(name: string, payload: unknown, ownId: string | undefined, replayed: boolean): void {
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
        else if (item) {
          const isNew = !engine.items.get(item.id)
          engine.receive(item)
          if (isNew && !replayed && newHandlers.size > 0) arrived.push(item)
        }
      }
    }
  }

  let connected = false

  const feed = createLiveFeed(options, config, {
    event: (name, payload, ownId, replayed) => streamWork.push(() => applyEvent(name, payload, ownId, replayed)),
    discontinuity: () =>
      streamWork.push(() => {
        engine.discontinuity()
        scheduler?.wake()
      }),
    ready: () => {
      if (connected && config.refreshOnConnect && !engine.loaded && scheduler && scheduler.active === 0) void refresh()
    },
    holdsState: () => engine.loaded || (scheduler?.active ?? 0) > 0,
    broadcast: (message) => {
      const change = message as TabMessage
      if (change.kind === 'read') engine.receiveRead(change.id, change.readAt)
      else if (change.kind === 'read-all') engine.receiveReadAll(change.readAt, change.upTo)
      else if (change.kind === 'archive') engine.receiveDeleted(change.id)
      publishSoon()
    },
    error: (err) => {
      if (err.kind === 'parse' || err.kind === 'validation') {
        warn(`Malformed "${err.eventType}" event; re-checking over REST. ${err.message}`, err.data)
        streamWork.push(() => invalidEvent(new NotificationsError('invalid-item', err.message, { cause: err })))
        return
      }
      const signedOut = err.kind === 'unauthorized'
      errorRef.value = new NotificationsError(signedOut ? 'signed-out' : 'stream', err.message, {
        status: err.status,
        cause: err,
        action: 'stream',
      })
    },
    open: () => clearErrorOf(['stream', 'signed-out']),
    unavailable: (message, cause) => {
      errorRef.value = new NotificationsError('stream', message, { cause, action: 'stream' })
      warn(message, cause)
    },
  })

  const actions = createItemActions({
    engine,
    config,
    local: localState,
    publish,
    fail: (err) => {
      errorRef.value = err
    },
    succeed: (action) => clearErrorOf([action], [action]),
    broadcast: feed.broadcast,
  })

  // A stream-only inbox shows what this browser received before a reload, and saves
  // what arrived in the last second before the page goes (a reload right after a message keeps it).
  if (streamOnly && typeof window !== 'undefined') {
    const kept = localState().items
    for (let index = kept.length - 1; index >= 0; index -= 1) engine.receive(Object.freeze({ ...kept[index]! }))
    publish()
    const keepPending = (): void => void (keepTimer && keepItemsNow())
    window.addEventListener('pagehide', keepPending)
    tryOnScopeDispose(() => window.removeEventListener('pagehide', keepPending))
  }

  // ---- public API --------------------------------------------------------------------

  const unreadCount = computed(() => derived.value.unreadCount)
  const unseenCount = computed(() => derived.value.unseenCount)
  const hasMore = computed(() => derived.value.hasMore)
  const truncated = computed(() => derived.value.truncated)
  const loading = computed(() => activeRequests.value > 0)
  /** The first page was merged; always true for a stream-only inbox, which has nothing to load. */
  const loaded = computed(() => !scheduler || derived.value.loaded)
  const error = computed(() => errorRef.value)
  const capabilities: NotificationsCapabilities = Object.freeze({
    refresh: !streamOnly,
    loadMore: !streamOnly,
    markRead: readMode,
    markUnread: readMode,
    markAllRead: readAllMode,
    archive: archiveMode,
  })

  function connect(): void {
    if (connected) return
    connected = true
    if (!feed.willOpen()) warn('connect() without "streamUrl" or an EventSource: REST only until it is set.')
    feed.start()
    // The first page waits for the stream to open, so that nothing published in between is missed.
    if (config.refreshOnConnect && !engine.loaded && !feed.willOpen() && scheduler?.active === 0) void refresh()
  }

  /**
   * Closes the stream. In shared mode it also empties the store and forgets
   * the local state: the next user must not see this one's inbox.
   */
  function disconnect(): void {
    connected = false
    if (feed.stop()) forgetUser()
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

  /** Items listed until now count as seen: `unseenCount` counts only what arrives after. */
  function markSeen(): void {
    const newest = engine.items.newest()
    if (newest) localState().markSeen(newest.created)
    derived.value = derive()
  }

  /**
   * Calls `handler` with the unread items that arrived live (not with REST
   * pages or a replay after a reconnect), at most once per task: the place
   * for a toast, a sound or a desktop notification. Returns an unsubscribe function.
   */
  function onNew(handler: (items: NotificationItem[]) => void): () => void {
    newHandlers.add(handler)
    return () => newHandlers.delete(handler)
  }

  /** Runs the action that failed (`error.action`) again. */
  async function retry(): Promise<void> {
    const failed = errorRef.value
    if (!failed) return
    const { action, id } = failed
    if (action === 'load-more') return loadMore()
    if (action === 'mark-read' && id !== undefined) return actions.markRead(id)
    if (action === 'mark-unread' && id !== undefined) return actions.markUnread(id)
    if (action === 'mark-all-read') return actions.markAllRead()
    if (action === 'archive' && id !== undefined) return actions.archive(id)
    if (action === 'stream') {
      feed.reconnect()
      return
    }
    return refresh()
  }

  /** Hides the current error (it comes back if the failure happens again). */
  function dismissError(): void {
    errorRef.value = null
  }

  function clear(): void {
    streamWork.clear()
    engine.clear()
    scheduler?.stop()
    errorRef.value = null
    arrived = []
    publish()
  }

  function forgetUser(): void {
    clearTimeout(keepTimer)
    keepTimer = undefined
    userLocalState.current()?.clear()
    clear()
  }

  /** Empties the store and closes the stream; also forgets the user's local state (call it on logout). */
  function $reset(): void {
    connected = false
    feed.stop()
    forgetUser()
  }

  return {
    inbox,
    filter,
    items,
    visibleItems,
    view,
    unreadCount,
    unseenCount,
    hasMore,
    loading,
    loaded,
    truncated,
    error,
    capabilities,
    connection: feed.connection,
    connect,
    disconnect,
    refresh,
    loadMore,
    markRead: actions.markRead,
    markUnread: actions.markUnread,
    markAllRead: actions.markAllRead,
    archive: actions.archive,
    markSeen,
    onNew,
    retry,
    dismissError,
    $reset,
  }
})
