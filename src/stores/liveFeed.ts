import { computed, effectScope, shallowRef, toValue, watch, type ComputedRef, type EffectScope } from 'vue'
import { useEventStream, type EventMap, type EventStreamStatus, type UseEventStreamReturn } from '../composables/useEventStream'
import type { EventStreamError } from '../composables/EventStreamError'
// Types only: shared mode is loaded on demand in `start`.
import type { useSharedEventStream, UseSharedEventStreamReturn } from '../composables/useSharedEventStream'
import type { EventSourceConstructor } from '../composables/eventStreamTypes'
import { slicedEventSource } from '../utils/slicedEventSource'
import type { NotificationsConfig } from './config'
import { parseEventData } from './normalize'
import type { NotificationsOptions } from './options'

export interface LiveFeedHandlers {
  /**
   * One of the store's events, parsed; `ownId`: the SSE `id:` this very event
   * carried, if any; `replayed`: it is part of the server's replay of what was missed.
   */
  event: (name: string, payload: unknown, ownId: string | undefined, replayed: boolean) => void
  /** Events may have been lost: the connection was not resumed with a replay. */
  discontinuity: () => void
  /** The stream opened for the first time, or will not open soon: time to load the first page. */
  ready: () => void
  /** Whether the store holds (or is loading) a list that predates the connection that just opened. */
  holdsState: () => boolean
  /** A message another tab of the same user sent (shared mode). */
  broadcast: (message: unknown) => void
  error: (error: EventStreamError) => void
  /** The stream opened; earlier stream errors are over. */
  open: () => void
  /** Shared mode could not start. */
  unavailable: (message: string, cause?: unknown) => void
}

export interface LiveFeed {
  /** Opens the stream (one per tab, or shared by the user's tabs). */
  start: () => void
  /** Closes it, or cancels the one still loading; returns whether it was (to be) shared. */
  stop: () => boolean
  /** Sends a message to the other tabs of the same user (shared mode only). */
  broadcast: (message: unknown) => void
  /** Replaces the connection with a new one at once (to retry after a stream error). */
  reconnect: () => void
  /** Whether the first page may wait for the stream to open. */
  willOpen: () => boolean
  connection: ComputedRef<EventStreamStatus>
}

let sliced: EventSourceConstructor | undefined
/** The browser's EventSource, sliced; `undefined` where there is none. */
const slicedNative = (): EventSourceConstructor | undefined =>
  window.EventSource ? (sliced ??= slicedEventSource(window.EventSource)) : undefined

/**
 * How long the first page waits for the stream to open before loading anyway
 * (some servers send no headers until their first event); the stream's later
 * open is then checked like a reconnect.
 */
const FIRST_OPEN_WAIT = 1000
/** A replay is over once events stop coming in a burst for this long. */
const REPLAY_QUIET = 250

const describe = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause))

/**
 * The store's live connection: which events it listens to, and whether a
 * connection that opened continues the previous one. A reconnect counts as
 * continuous only when the server's first event is `sync` with
 * `{ replayed: true }`; anything else first, or nothing within
 * `resumeTimeout`, is a discontinuity.
 */
export function createLiveFeed(options: NotificationsOptions, config: NotificationsConfig, on: LiveFeedHandlers): LiveFeed {
  const ownEvents = [
    ...config.notificationEvents,
    config.readEvent,
    config.deletedEvent,
    config.readAllEvent,
    config.syncEvent,
  ]
  const ownEventSet = new Set(ownEvents)

  const stream = shallowRef<UseEventStreamReturn<EventMap> | undefined>()
  /** The shared-mode module load in progress; cleared by `stop`, so a late load is ignored. */
  const sharedLoad = shallowRef<Promise<void> | null>(null)
  let scope: EffectScope | undefined
  let tabs: UseSharedEventStreamReturn<EventMap> | undefined
  /** A connection was open before: the next one must prove it continues it. */
  let hadConnection = false
  let awaitingSync = false
  let resumeTimer: ReturnType<typeof setTimeout> | undefined
  let readyTimer: ReturnType<typeof setTimeout> | undefined
  let readyPending = false

  function ready(): void {
    clearTimeout(readyTimer)
    if (!readyPending) return
    readyPending = false
    on.ready()
  }

  function settleResume(continuous: boolean): void {
    clearTimeout(resumeTimer)
    if (!awaitingSync) return
    awaitingSync = false
    if (!continuous) on.discontinuity()
  }

  /** `lastEventId` of the previous event: an event without an `id:` of its own repeats it. */
  let previousId = ''
  /** Until when events count as the replay the server announced (they come in one burst). */
  let replayUntil = 0

  function receive(name: string, payload: unknown, lastEventId: string): void {
    const ownId = lastEventId !== '' && lastEventId !== previousId ? lastEventId : undefined
    previousId = lastEventId
    const now = Date.now()
    if (name === config.syncEvent) {
      const replayed = (payload as { replayed?: unknown } | null)?.replayed === true
      if (replayed) replayUntil = now + REPLAY_QUIET
      settleResume(replayed)
      return
    }
    // Something else came first: no replay was announced.
    settleResume(false)
    const replaying = now < replayUntil
    if (replaying) replayUntil = now + REPLAY_QUIET
    on.event(name, payload, ownId, replaying)
  }

  function start(): void {
    readyPending = true
    readyTimer = setTimeout(ready, FIRST_OPEN_WAIT)
    const shared = options.shared
    if (!shared) {
      open()
      return
    }
    const key = toValue(shared.key)
    if (!key) {
      on.unavailable('No live stream: "shared.key" is empty')
      ready()
      return
    }
    // Loaded on demand, so that apps without shared mode do not ship it.
    const load: Promise<void> = import('../composables/useSharedEventStream').then(
      (loaded) => {
        if (sharedLoad.value !== load) return
        sharedLoad.value = null
        open({ useShared: loaded.useSharedEventStream, key })
      },
      (cause: unknown) => {
        if (sharedLoad.value !== load) return
        sharedLoad.value = null
        on.unavailable(`No live stream: shared mode failed to load: ${describe(cause)}`, cause)
        ready()
      },
    )
    sharedLoad.value = load
  }

  function open(sharing?: { useShared: typeof useSharedEventStream; key: string }): void {
    scope = effectScope(true)
    scope.run(() => {
      // The browser's EventSource hands its events over in slices (see slicedEventSource), unless one is given.
      const EventSource = options.stream?.EventSource ?? (typeof window === 'undefined' ? undefined : slicedNative())
      const streamOptions = { parse: parseEventData, ...options.stream, EventSource, immediate: false, events: ownEvents }
      const url = () => toValue(options.streamUrl)
      tabs = sharing?.useShared<EventMap>(url, { ...streamOptions, shared: { ...options.shared, key: sharing.key } })
      const live = tabs ?? useEventStream<EventMap>(url, streamOptions)
      for (const name of ownEvents) live.on(name, (payload, event) => receive(name, payload, event.lastEventId))
      tabs?.onBroadcast(on.broadcast)
      live.onError((err) => {
        if ((err.kind === 'parse' || err.kind === 'validation') && (err.eventType === undefined || !ownEventSet.has(err.eventType))) {
          return
        }
        if (err.kind === 'parse' || err.kind === 'validation') settleResume(false)
        on.error(err)
        // A stream that fails to open should not hold the first page back.
        ready()
      })
      watch(
        live.status,
        (status) => {
          if (status === 'closed') ready()
          if (status !== 'open') return
          on.open()
          // A list loaded before this connection opened may miss what was published in between.
          if (hadConnection || on.holdsState()) {
            awaitingSync = true
            clearTimeout(resumeTimer)
            resumeTimer = setTimeout(() => settleResume(false), config.resumeTimeout)
          }
          hadConnection = true
          ready()
        },
        { flush: 'sync' },
      )
      stream.value = live
      live.open()
    })
  }

  function stop(): boolean {
    const wasShared = !!tabs || !!sharedLoad.value
    sharedLoad.value = null
    scope?.stop()
    scope = undefined
    stream.value = undefined
    tabs = undefined
    clearTimeout(resumeTimer)
    clearTimeout(readyTimer)
    readyPending = false
    awaitingSync = false
    // Whatever arrives on the next connection must prove it continues this one.
    return wasShared
  }

  return {
    start,
    stop,
    broadcast: (message) => tabs?.broadcast(message),
    reconnect: () => stream.value?.reconnect(),
    willOpen: () =>
      toValue(options.streamUrl) != null &&
      !!(options.stream?.EventSource ?? (typeof window === 'undefined' ? undefined : window.EventSource)),
    // `stream` and `sharedLoad` are unset while stopped; while shared mode loads, a stream is on its way.
    connection: computed(() => stream.value?.status.value ?? (sharedLoad.value ? 'connecting' : 'idle')),
  }
}
