import { getCurrentInstance, onMounted, shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import { backoffDelay, resolveBackoff, type BackoffOptions } from '../utils/backoff'
import { tryOnScopeDispose } from '../utils/tryOnScopeDispose'
import { withQueryParam } from '../utils/withQueryParam'
import { EventStreamError } from './EventStreamError'

export type EventStreamStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed'

/** Map of event name to payload type, e.g. `{ notification: Notification; ping: null }`. */
export type EventMap = Record<string, unknown>

/** Event names a stream with map `Events` can receive: the declared ones plus unnamed `message`. */
export type EventName<Events extends object> = (keyof Events & string) | 'message'

/** Payload type of event `Name`; `unknown` for names the map does not declare. */
export type EventPayload<Events extends object, Name extends string> = Name extends keyof Events
  ? Events[Name]
  : unknown

export type EventHandler<Payload> = (payload: Payload, event: MessageEvent<string>) => void

/** The part of the `EventSource` interface this composable relies on. */
export interface EventSourceLike {
  readonly readyState: number
  addEventListener(type: string, listener: (event: Event) => void): void
  removeEventListener(type: string, listener: (event: Event) => void): void
  close(): void
}

/**
 * Any class constructed like `EventSource`: the browser's, or for example the
 * `eventsource` package, which can send headers and reports HTTP statuses.
 */
export type EventSourceConstructor = new (url: string, init?: EventSourceInit) => EventSourceLike

export interface UseEventStreamOptions<Events extends object> {
  /**
   * Named events to listen to. Names passed to `on()` are listened to as well,
   * and unnamed `message` events always are.
   * @default []
   */
  events?: readonly EventName<Events>[]
  /**
   * Turns the raw `data` string of an event into its payload. A throw becomes a
   * `parse` error; the stream stays open.
   * @default JSON.parse
   */
  parse?: (data: string, eventType: string) => unknown
  /**
   * Per-event check of the parsed payload. `false` becomes a `validation` error
   * and the event is dropped; the stream stays open.
   * @default {}
   */
  validate?: { [Name in EventName<Events>]?: (payload: unknown) => boolean }
  /**
   * Open as soon as the URL is set. When `false`, nothing happens until `open()`.
   * @default true
   */
  immediate?: boolean
  /** Send cookies on cross-origin streams. @default false */
  withCredentials?: boolean
  /**
   * EventSource implementation. Without one, `window.EventSource` is used, and
   * outside a browser (SSR) the composable stays idle.
   * @default window.EventSource
   */
  EventSource?: EventSourceConstructor
  /**
   * Extra second argument for `EventSource`, merged with `withCredentials`
   * (for example `{ fetch }` for the `eventsource` package).
   * @default {}
   */
  eventSourceInit?: EventSourceInit & Record<string, unknown>
  /** Reconnection backoff: full jitter between 0 and `min(max, initial * factor^(attempt-1))`. */
  backoff?: BackoffOptions
  /**
   * How long (ms) a connection must stay open before the attempt counter
   * resets, so a server that accepts and drops at once still backs off.
   * @default 5000
   */
  stableAfter?: number
  /**
   * Query parameter carrying the last event id when a new EventSource is opened
   * (a new EventSource cannot send the `Last-Event-ID` header). `false` disables it.
   * @default 'lastEventId'
   */
  lastEventIdParam?: string | false
  /** Id to resume from on the first connection. @default undefined */
  initialLastEventId?: string
  /** Reconnect at once when the browser comes back online. @default true */
  reconnectOnOnline?: boolean
  /** Reconnect at once when the page becomes visible while not connected. @default true */
  reconnectOnVisible?: boolean
  /**
   * Close the connection while the page is hidden (status `idle`) and resume
   * from the last event id when it is visible again.
   * @default false
   */
  pauseWhenHidden?: boolean
  /**
   * Reconnect when no event at all arrives for this many ms. Pair it with a
   * server heartbeat such as a named `ping` event. `0` disables the watchdog.
   * @default 0
   */
  stallTimeout?: number
  /**
   * Events that only prove the link is alive: they feed the stall watchdog and
   * are neither parsed nor stored in `data`.
   * @default ['ping']
   */
  heartbeatEvents?: readonly string[]
  /** Called once when `maxRetries` failed attempts in a row stop reconnection. */
  onRetriesExhausted?: (error: EventStreamError) => void
}

export interface UseEventStreamReturn<Events extends object> {
  /** `idle` (no URL, paused, or not started), `connecting`, `open`, `reconnecting` or `closed` (final). */
  status: Readonly<ShallowRef<EventStreamStatus>>
  /** Payload of the last event received. */
  data: Readonly<ShallowRef<EventPayload<Events, EventName<Events>> | undefined>>
  /** Id of the last event that carried one; sent on resume. */
  lastEventId: Readonly<ShallowRef<string | undefined>>
  /** Last error; cleared when a connection opens. */
  error: Readonly<ShallowRef<EventStreamError | null>>
  /** Failed attempts in a row; resets after `stableAfter` ms of open connection. */
  attempt: Readonly<ShallowRef<number>>
  /** Opens (or re-opens after `close()`) the stream, resetting the attempt counter. */
  open: () => void
  /** Closes the stream for good: no reconnection timer fires after it. */
  close: () => void
  /** Replaces the current connection with a new one at once, resuming from the last event id. */
  reconnect: () => void
  /** Subscribes to an event type with its typed payload; returns an unsubscribe function. */
  on: <Name extends EventName<Events>>(type: Name, handler: EventHandler<EventPayload<Events, Name>>) => () => void
  /** Subscribes to errors; returns an unsubscribe function. */
  onError: (handler: (error: EventStreamError) => void) => () => void
}

const EVENT_SOURCE_CLOSED = 2

/** 204 and client errors will not heal by retrying; 408, 429 and 5xx may. */
export function isFatalStatus(status: number): boolean {
  return status === 204 || (status >= 400 && status < 500 && status !== 408 && status !== 429)
}

/** A typed, self-healing `EventSource`. */
export function useEventStream<Events extends object = EventMap>(
  url: MaybeRefOrGetter<string | URL | null | undefined>,
  options: UseEventStreamOptions<Events> = {},
): UseEventStreamReturn<Events> {
  const {
    parse = (raw: string): unknown => JSON.parse(raw),
    stableAfter = 5000,
    stallTimeout = 0,
    lastEventIdParam = 'lastEventId',
    reconnectOnOnline = true,
    reconnectOnVisible = true,
  } = options
  const backoff = resolveBackoff(options.backoff)
  const heartbeatEvents = new Set(options.heartbeatEvents ?? ['ping'])

  const status = shallowRef<EventStreamStatus>('idle')
  const data = shallowRef<EventPayload<Events, EventName<Events>>>()
  const lastEventId = shallowRef(options.initialLastEventId)
  const error = shallowRef<EventStreamError | null>(null)
  const attempt = shallowRef(0)

  const handlers = new Map<string, Set<EventHandler<never>>>()
  const errorHandlers = new Set<(error: EventStreamError) => void>()
  const listenedTypes = new Set(['message', 'open', 'error', ...(options.events ?? []), ...heartbeatEvents])

  let source: EventSourceLike | undefined
  let sourceListener: ((event: Event) => void) | undefined
  /** Started by `immediate` or `open()`; a URL change only reconnects a started stream. */
  let started = false
  let paused = false
  /** Bumped by every connect and stop, so a failure handler can tell it was overtaken. */
  let generation = 0
  /**
   * The next wake-up: the stall watchdog while a connection exists, the backoff
   * retry while none does. Never both, so one timer serves.
   */
  let wakeTimer: ReturnType<typeof setTimeout> | undefined
  let stableTimer: ReturnType<typeof setTimeout> | undefined

  const isBrowser = typeof window !== 'undefined'

  /** Drops the connection and every timer; listeners of a dropped source check `owner === source`. */
  function release(): void {
    generation += 1
    clearTimeout(wakeTimer)
    clearTimeout(stableTimer)
    source?.close()
    source = undefined
  }

  function report(err: EventStreamError): void {
    error.value = err
    for (const handler of [...errorHandlers]) handler(err)
  }

  function stop(err?: EventStreamError): void {
    release()
    status.value = 'closed'
    if (err) report(err)
  }

  function armStallWatchdog(): void {
    clearTimeout(wakeTimer)
    if (stallTimeout > 0) {
      wakeTimer = setTimeout(
        () => fail(new EventStreamError('stalled', `No event for ${stallTimeout} ms`), false),
        stallTimeout,
      )
    }
  }

  /**
   * One failed attempt. `nativeRetrying`: the EventSource is already reconnecting
   * by itself, so opening another one would make two live connections.
   */
  function fail(err: EventStreamError, nativeRetrying: boolean): void {
    clearTimeout(stableTimer)
    if (++attempt.value > backoff.maxRetries) {
      const exhausted = new EventStreamError('retries-exhausted', `Gave up after ${backoff.maxRetries} retries: ${err.message}`, {
        status: err.status,
        fatal: true,
        cause: err,
      })
      stop(exhausted)
      options.onRetriesExhausted?.(exhausted)
      return
    }
    status.value = 'reconnecting'
    if (nativeRetrying) {
      armStallWatchdog()
      report(err)
      return
    }
    release()
    const failingGeneration = generation
    report(err)
    // An error handler may have called close() or reconnect(): then this attempt is over.
    if (generation === failingGeneration) wakeTimer = setTimeout(connect, backoffDelay(attempt.value, backoff))
  }

  function dispatch(event: MessageEvent<string>): void {
    const { type, data: raw } = event
    if (event.lastEventId) lastEventId.value = event.lastEventId
    armStallWatchdog()
    if (heartbeatEvents.has(type)) return
    const details = { eventType: type, data: raw }
    let payload: unknown
    try {
      payload = parse(raw, type)
    } catch (cause) {
      report(new EventStreamError('parse', `Could not parse "${type}": ${String(cause)}`, { ...details, cause }))
      return
    }
    if (options.validate?.[type as EventName<Events>]?.(payload) === false) {
      report(new EventStreamError('validation', `"${type}" failed validation`, details))
      return
    }
    data.value = payload as EventPayload<Events, EventName<Events>>
    for (const handler of [...(handlers.get(type) ?? [])]) {
      try {
        ;(handler as EventHandler<unknown>)(payload, event)
      } catch (cause) {
        // Rethrown outside the loop, as EventTarget does, so one handler cannot starve the others.
        queueMicrotask(() => {
          throw cause
        })
      }
    }
  }

  function handleSourceEvent(owner: EventSourceLike, event: Event): void {
    if (owner !== source) return
    if (event.type === 'open') {
      status.value = 'open'
      error.value = null
      armStallWatchdog()
      clearTimeout(stableTimer)
      stableTimer = setTimeout(() => (attempt.value = 0), stableAfter)
    } else if (event.type === 'error') {
      const { code, message } = event as Event & { code?: unknown; message?: unknown }
      const httpStatus = typeof code === 'number' && code > 0 ? code : undefined
      const fatal = !!httpStatus && isFatalStatus(httpStatus)
      const err = httpStatus
        ? new EventStreamError('http', `Stream answered HTTP ${httpStatus}`, { status: httpStatus, fatal })
        : new EventStreamError('connection', typeof message === 'string' && message ? message : 'Connection lost')
      if (fatal) stop(err)
      else fail(err, owner.readyState !== EVENT_SOURCE_CLOSED)
    } else {
      dispatch(event as MessageEvent<string>)
    }
  }

  function connect(): void {
    release()
    const target = toValue(url)
    if (target == null || paused) {
      status.value = 'idle'
      return
    }
    const EventSourceImpl = options.EventSource ?? (isBrowser ? window.EventSource : undefined)
    if (!EventSourceImpl) {
      if (isBrowser) stop(new EventStreamError('unsupported', 'EventSource is not available', { fatal: true }))
      return
    }
    let href = String(target)
    if (lastEventIdParam !== false && lastEventId.value) {
      href = withQueryParam(href, lastEventIdParam, lastEventId.value)
    }
    status.value = attempt.value || status.value === 'reconnecting' ? 'reconnecting' : 'connecting'
    let created: EventSourceLike
    try {
      created = new EventSourceImpl(href, { ...options.eventSourceInit, withCredentials: !!options.withCredentials })
    } catch (cause) {
      stop(new EventStreamError('config', `Could not open "${href}": ${String(cause)}`, { fatal: true, cause }))
      return
    }
    source = created
    sourceListener = (event) => handleSourceEvent(created, event)
    for (const type of listenedTypes) created.addEventListener(type, sourceListener)
    armStallWatchdog()
  }

  /** Starts (or restarts) the stream; `open()` also forgets earlier failed attempts. */
  function start(resetAttempts: boolean): void {
    started = true
    paused = false
    if (resetAttempts) attempt.value = 0
    connect()
  }

  function close(): void {
    started = false
    stop()
  }

  function on<Name extends EventName<Events>>(
    type: Name,
    handler: EventHandler<EventPayload<Events, Name>>,
  ): () => void {
    const subscribed = handlers.get(type) ?? new Set()
    handlers.set(type, subscribed.add(handler as EventHandler<never>))
    if (!listenedTypes.has(type)) {
      listenedTypes.add(type)
      if (source && sourceListener) source.addEventListener(type, sourceListener)
    }
    return () => subscribed.delete(handler as EventHandler<never>)
  }

  function onError(handler: (error: EventStreamError) => void): () => void {
    errorHandlers.add(handler)
    return () => errorHandlers.delete(handler)
  }

  watch(
    () => String(toValue(url) ?? ''),
    () => started && start(true),
  )

  if (isBrowser) {
    const waitingToReconnect = () => started && status.value === 'reconnecting'
    /** Coming back online or to a visible page ends a pause, or cuts a backoff short. */
    const wake = (event: Event) => {
      const visibilityChange = event.type === 'visibilitychange'
      if (visibilityChange && document.visibilityState === 'hidden') {
        if (options.pauseWhenHidden && started && status.value !== 'closed') {
          paused = true
          connect()
        }
      } else if (
        visibilityChange
          ? paused || (reconnectOnVisible && waitingToReconnect())
          : !paused && reconnectOnOnline && waitingToReconnect()
      ) {
        start(false)
      }
    }
    const wakeSources = [
      [window, 'online'],
      [document, 'visibilitychange'],
    ] as const
    for (const [target, type] of wakeSources) target.addEventListener(type, wake)
    tryOnScopeDispose(() => {
      for (const [target, type] of wakeSources) target.removeEventListener(type, wake)
    })
  }

  tryOnScopeDispose(close)

  if (options.immediate ?? true) {
    // In a component, open once mounted: a server-rendered page hydrates with the status it was rendered with.
    const instance = getCurrentInstance()
    if (instance && !instance.isMounted) onMounted(() => !started && status.value !== 'closed' && start(true))
    else start(true)
  }

  return {
    status,
    data,
    lastEventId,
    error,
    attempt,
    open: () => start(true),
    close,
    reconnect: () => start(false),
    on,
    onError,
  }
}
