import { getCurrentInstance, onMounted, shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import { createBackoff, type BackoffOptions } from '../utils/backoff'
import { tryOnScopeDispose } from '../utils/tryOnScopeDispose'
import type { Diagnosis } from '../utils/streamFailure'
import { withQueryParam } from '../utils/withQueryParam'
import { EventStreamError } from './EventStreamError'
import type {
  EventData,
  EventHandler,
  EventMap,
  EventName,
  EventPayload,
  EventSourceConstructor,
  EventSourceLike,
  EventStreamStatus,
} from './eventStreamTypes'

export type * from './eventStreamTypes'

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
   * (for example `{ headers }` for the fetch transport). A `fetch` given here
   * is wrapped, so that the composable sees each response.
   * @default {}
   */
  eventSourceInit?: EventSourceInit & Record<string, unknown>
  /** Delays between connections; see `BackoffOptions`. @default {} */
  backoff?: BackoffOptions
  /**
   * A connection that stays open this long (ms) counts as healthy even if it
   * delivered no event, so its end is not a failed attempt.
   * @default 5000
   */
  stableAfter?: number
  /**
   * Query parameter carrying the last event id when a new connection is opened
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
   * When an open connection that receives nothing is treated as dead and
   * replaced. `'auto'`: once two heartbeats (see `heartbeatEvents`) arrived at
   * least a second apart, after three times the longest gap between heartbeats
   * with no event at all; until then never. A number: after that many ms
   * without any event. `0`: never.
   * @default 'auto'
   */
  stallTimeout?: number | 'auto'
  /**
   * Events that only prove the link is alive: they feed the stall watchdog and
   * are neither parsed nor stored in `data`. Comments (`: ping`) count too, where
   * the EventSource shows them as `comment` events (the fetch transport does).
   * @default ['ping']
   */
  heartbeatEvents?: readonly string[]
  /** Called once when `maxRetries` failed attempts in a row stop reconnection. */
  onRetriesExhausted?: (error: EventStreamError) => void
}

export interface UseEventStreamReturn<Events extends object> {
  /** `idle`, `connecting`, `open`, `resuming`, `reconnecting` or `closed`; see `EventStreamStatus`. */
  status: Readonly<ShallowRef<EventStreamStatus>>
  /** Payload of the last event received. */
  data: Readonly<ShallowRef<EventData<Events> | undefined>>
  /** Last event id, sent on resume; cleared by an empty `id:` where the EventSource shows it. */
  lastEventId: Readonly<ShallowRef<string | undefined>>
  /** Last error; cleared when a connection opens. */
  error: Readonly<ShallowRef<EventStreamError | null>>
  /** Failed attempts in a row (attempts that delivered nothing); 0 again once a connection delivers an event. */
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

/** A typed, self-healing `EventSource`. */
export function useEventStream<Events extends object = EventMap>(
  url: MaybeRefOrGetter<string | URL | null | undefined>,
  options: UseEventStreamOptions<Events> = {},
): UseEventStreamReturn<Events> {
  const {
    parse = (raw: string): unknown => JSON.parse(raw),
    stableAfter = 5000,
    stallTimeout = 'auto',
    lastEventIdParam = 'lastEventId',
    reconnectOnOnline = true,
    reconnectOnVisible = true,
  } = options
  const backoff = createBackoff(options.backoff)
  const heartbeatEvents = new Set([...(options.heartbeatEvents ?? ['ping']), 'comment'])

  const status = shallowRef<EventStreamStatus>('idle')
  const data = shallowRef<EventData<Events>>()
  const lastEventId = shallowRef(options.initialLastEventId)
  const error = shallowRef<EventStreamError | null>(null)
  const attempt = shallowRef(0)

  const handlers = new Map<string, Set<EventHandler<never>>>()
  const errorHandlers = new Set<(error: EventStreamError) => void>()
  const listenedTypes = new Set(['message', 'open', 'error', ...(options.events ?? []), ...heartbeatEvents])

  const isBrowser = typeof window !== 'undefined'
  const NativeEventSource = isBrowser ? window.EventSource : undefined

  let source: EventSourceLike | undefined
  let listener: ((event: Event) => void) | undefined
  /** Started by `immediate` or `open()`; a URL change only reconnects a started stream. */
  let started = false
  let paused = false
  /** Bumped by every connect and stop: a connection, or a pending failure, whose number is past is over. */
  let generation = 0
  /** The stall watchdog while a connection exists, the next connection while none does: never both. */
  let timer: ReturnType<typeof setTimeout> | undefined
  /** Longest gap (ms) seen between two heartbeats of one connection. */
  let heartbeatGap = 0
  /** The server's `retry:`, where the EventSource shows it. */
  let serverRetry: number | undefined

  /** Drops the connection and the timer. */
  function release(): void {
    generation += 1
    clearTimeout(timer)
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

  /** Schedules the next connection, unless an error handler called close() or reconnect(). */
  function retryLater(err?: EventStreamError, waited = 0): void {
    const scheduling = generation
    if (err) report(err)
    if (scheduling === generation) {
      timer = setTimeout(connect, (err?.retryAfter ?? 0) + backoff.delay(attempt.value, serverRetry) - waited)
    }
  }

  /** One more attempt that delivered nothing. */
  function fail(err: EventStreamError, waited?: number): void {
    if (err.fatal) return stop(err)
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
    retryLater(err, waited)
  }

  function deliver(event: MessageEvent<string>): void {
    const { type, data: raw } = event
    const details = { eventType: type, data: raw }
    let payload: unknown
    try {
      payload = parse(raw, type)
    } catch (cause) {
      report(new EventStreamError('parse', `Could not parse "${type}": ${cause}`, { ...details, cause }))
      return
    }
    if (options.validate?.[type as EventName<Events>]?.(payload) === false) {
      report(new EventStreamError('validation', `"${type}" failed validation`, details))
      return
    }
    data.value = payload as EventData<Events>
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

  function connect(): void {
    release()
    const target = toValue(url)
    const EventSourceImpl = options.EventSource ?? NativeEventSource
    if (target == null || paused || !EventSourceImpl) {
      status.value = 'idle'
      // Outside a browser (SSR) there is nothing to connect to; in a browser, say why nothing happens.
      if (target != null && !EventSourceImpl && isBrowser) {
        stop(new EventStreamError('unsupported', 'EventSource is not available', { fatal: true }))
      }
      return
    }
    let href = String(target)
    if (lastEventIdParam !== false && lastEventId.value) {
      href = withQueryParam(href, lastEventIdParam, lastEventId.value)
    }
    if (status.value !== 'resuming') status.value = attempt.value ? 'reconnecting' : 'connecting'
    const own = generation
    const init = options.eventSourceInit
    /** The response, when the EventSource fetches through the `fetch` it is given. */
    let response: Response | undefined
    /** When the connection opened (epoch ms); 0 before. */
    let openedAt = 0
    let delivered = false
    let hadId = false
    let lastHeartbeat = 0
    let created: EventSourceLike
    try {
      created = new EventSourceImpl(href, {
        ...init,
        withCredentials: !!options.withCredentials,
        // Fetch-based EventSources call it, so that their failures can be told apart by status and headers.
        fetch: (input: RequestInfo | URL, request?: RequestInit) =>
          ((init?.fetch as typeof fetch | undefined) ?? fetch)(input, request).then((answer) => (response = answer)),
      } as EventSourceInit)
    } catch (cause) {
      stop(new EventStreamError('config', `Could not open "${href}": ${cause}`, { fatal: true, cause }))
      return
    }
    /** Browser EventSource: it hides statuses, and its events' ids follow the spec. */
    const native = !!NativeEventSource && created instanceof NativeEventSource
    /** Events' `lastEventId` follow the spec, so an empty one after an id is a reset. */
    const specIds = native || 'lastEventId' in created

    /** The connection ended: by an error event, or `stalled` by the watchdog. */
    function end(stalled?: EventStreamError, code?: number, message?: string): void {
      const healthy = delivered || (!!openedAt && Date.now() - openedAt >= stableAfter)
      serverRetry = created.retry ?? serverRetry
      release()
      if (healthy) {
        status.value = 'resuming'
        retryLater(stalled)
      } else if (stalled) {
        fail(stalled)
      } else {
        // Until the cause is known (a probe may be on its way), a stream that was not open keeps its status:
        // "reconnecting" would be a guess, and a wrong one for a 401 or a blocked request.
        if (status.value === 'open') status.value = 'reconnecting'
        const pending = generation
        const since = Date.now()
        // Telling failures apart is loaded on first use: a stream that never fails does not ship it.
        void import('../utils/streamFailure')
          .then(({ diagnose }) => diagnose(href, !!options.withCredentials, native, !!openedAt, code, message, response))
          .catch((): Diagnosis => ['connection', message || 'Connection lost'])
          .then((found) => pending === generation && fail(new EventStreamError(...found), Date.now() - since))
      }
    }

    function armWatchdog(): void {
      clearTimeout(timer)
      const limit = stallTimeout === 'auto' ? 3 * heartbeatGap : stallTimeout
      if (limit > 0) timer = setTimeout(() => end(new EventStreamError('stalled', `No event for ${limit} ms`)), limit)
    }

    source = created
    listener = (event) => {
      if (own !== generation) return
      const { type, lastEventId: id, code, message } = event as MessageEvent<string> & { code?: number; message?: string }
      if (type === 'error') return end(undefined, code, message)
      if (type === 'open') {
        status.value = 'open'
        error.value = null
        openedAt = Date.now()
      } else {
        delivered = true
        attempt.value = 0
        if (id) {
          lastEventId.value = id
          hadId = true
        } else if (hadId && specIds) {
          lastEventId.value = undefined
        }
      }
      const now = Date.now()
      const heartbeat = heartbeatEvents.has(type)
      if (heartbeat) {
        // Heartbeats sent back to back (a greeting comment, then a ping) say nothing about the interval.
        if (lastHeartbeat && now - lastHeartbeat >= 1000) heartbeatGap = Math.max(heartbeatGap, now - lastHeartbeat)
        lastHeartbeat = now
      }
      armWatchdog()
      if (type !== 'open' && !heartbeat) deliver(event as MessageEvent<string>)
    }
    for (const type of listenedTypes) created.addEventListener(type, listener)
    armWatchdog()
  }

  /** Starts (or restarts) the stream; `open()` also forgets earlier failed attempts. */
  function start(resetAttempts: boolean): void {
    started = true
    paused = false
    if (resetAttempts) {
      attempt.value = 0
      status.value = 'connecting'
    }
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
      source?.addEventListener(type, listener!)
    }
    return () => subscribed.delete(handler as EventHandler<never>)
  }

  function onError(handler: (error: EventStreamError) => void): () => void {
    errorHandlers.add(handler)
    return () => errorHandlers.delete(handler)
  }

  watch(
    () => `${toValue(url)}`,
    () => started && start(true),
  )

  if (isBrowser) {
    const waiting = () => started && !source && (status.value === 'reconnecting' || status.value === 'resuming')
    /** Coming back online or to a visible page ends a pause, or cuts a wait short. */
    const wake = (event: Event) => {
      const online = event.type === 'online'
      if (!online && document.visibilityState === 'hidden') {
        if (options.pauseWhenHidden && started && status.value !== 'closed') {
          paused = true
          connect()
        }
      } else if (paused ? !online : (online ? reconnectOnOnline : reconnectOnVisible) && waiting()) {
        start(false)
      }
    }
    // `visibilitychange` bubbles from the document to the window.
    const wakeTypes = ['online', 'visibilitychange']
    for (const type of wakeTypes) window.addEventListener(type, wake)
    tryOnScopeDispose(() => {
      for (const type of wakeTypes) window.removeEventListener(type, wake)
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
