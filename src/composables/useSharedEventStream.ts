import { shallowRef, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import { afterTask } from '../utils/afterTask'
import { electLeader, type LockManagerLike, type StorageLike } from '../utils/electLeader'
import { createWorkQueue } from '../utils/workQueue'
import { tryOnScopeDispose } from '../utils/tryOnScopeDispose'
import { isFatalStatus } from '../utils/httpStatus'
import {
  useEventStream,
  type EventMap,
  type EventSourceConstructor,
  type EventSourceLike,
  type UseEventStreamOptions,
  type UseEventStreamReturn,
} from './useEventStream'

/** The part of `BroadcastChannel` the relay uses. */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void
  addEventListener(type: 'message', listener: (event: Event) => void): void
  close(): void
}

export interface SharedStreamOptions {
  /**
   * Identifies whose stream this is (a user or account id). Only tabs with the
   * same key share a connection, so one account's events never reach a tab
   * signed in as another. Required.
   */
  key: string
  /** Prefix of the channel and lock names. @default 'vue-sse-notifications' */
  namespace?: string
  /** Web Locks implementation; `null` forces the localStorage lease. @default navigator.locks */
  locks?: LockManagerLike | null
  /** Storage for the lease fallback. @default localStorage */
  storage?: StorageLike | null
  /** BroadcastChannel implementation. @default window.BroadcastChannel */
  BroadcastChannel?: new (name: string) => BroadcastChannelLike
}

export interface UseSharedEventStreamOptions<Events extends object> extends UseEventStreamOptions<Events> {
  shared: SharedStreamOptions
}

export interface UseSharedEventStreamReturn<Events extends object> extends UseEventStreamReturn<Events> {
  /** Whether this tab holds the connection for every tab. */
  isLeader: Readonly<ShallowRef<boolean>>
  /** Sends an application message to the other tabs of the same key. */
  broadcast: (message: unknown) => void
  /** Receives application messages from the other tabs; returns an unsubscribe function. */
  onBroadcast: (handler: (message: unknown) => void) => () => void
}

/** An event as the leader relays it: type, data and last event id. */
type RelayedEvent = [type: string, data: string, id: string]

type RelayMessage =
  /** The events the leader received in one task, in order. */
  | { kind: 'events'; events: RelayedEvent[] }
  | { kind: 'state'; open: boolean; code?: number; fatal?: boolean }
  | { kind: 'listen'; type: string }
  | { kind: 'hello' }
  | { kind: 'app'; message: unknown }

const OPEN = 1
const CLOSED = 2

/**
 * `useEventStream` with one connection per browser instead of one per tab: the
 * tab elected leader holds the only EventSource and relays its events over a
 * BroadcastChannel; the others receive them as if from their own. When the
 * leader goes, another tab takes over and resumes from the last event id.
 * The events of one task (a burst arrives in one) are relayed in one message,
 * and a follower dispatches them in slices, so neither tab is blocked for long.
 * Where BroadcastChannel is missing (or during SSR) it behaves like `useEventStream`.
 */
export function useSharedEventStream<Events extends object = EventMap>(
  url: MaybeRefOrGetter<string | URL | null | undefined>,
  options: UseSharedEventStreamOptions<Events>,
): UseSharedEventStreamReturn<Events> {
  const { shared, ...streamOptions } = options
  if (!shared?.key) throw new TypeError('useSharedEventStream: `shared.key` (the user or account id) is required')
  const isLeader = shallowRef(false)
  const appHandlers = new Set<(message: unknown) => void>()
  const ChannelImpl =
    shared.BroadcastChannel ?? (typeof BroadcastChannel === 'undefined' ? undefined : BroadcastChannel)
  const RealEventSource = options.EventSource ?? (typeof window === 'undefined' ? undefined : window.EventSource)

  if (!ChannelImpl || !RealEventSource) {
    isLeader.value = !!RealEventSource
    return {
      ...useEventStream(url, streamOptions),
      isLeader,
      broadcast: () => {},
      onBroadcast: () => () => {},
    }
  }

  const name = `${shared.namespace ?? 'vue-sse-notifications'}:${shared.key}`
  const channel = new ChannelImpl(name)
  /** Events received in the current task, relayed together at its end. */
  let outgoing: RelayedEvent[] = []
  let cancelSend: (() => void) | undefined
  function sendEvents(): void {
    cancelSend?.()
    cancelSend = undefined
    if (outgoing.length === 0) return
    channel.postMessage({ kind: 'events', events: outgoing } satisfies RelayMessage)
    outgoing = []
  }
  // Events relayed so far go first: a state change after them must not overtake them.
  const post = (message: RelayMessage) => {
    sendEvents()
    channel.postMessage(message)
  }
  /** Relayed events and states, handled in order and in slices on a follower. */
  const incoming = createWorkQueue()
  /** Event types some tab listens to; the leader relays all of them. */
  const relayedTypes = new Set<string>()
  let leaderSource: EventSourceLike | undefined
  let followerSource: FollowerSource | undefined
  /** Whether this tab's own EventSource (as leader) is open. */
  let leaderOpen = false
  /** Status that stopped this tab's stream for good while it led: told to tabs that ask later. */
  let leaderFatal: number | undefined

  function relay(event: Event): void {
    const { data, lastEventId } = event as MessageEvent<string>
    outgoing.push([event.type, data, lastEventId])
    cancelSend ??= afterTask(sendEvents)
  }

  function relayType(type: string): void {
    if (relayedTypes.has(type)) return
    relayedTypes.add(type)
    leaderSource?.addEventListener(type, relay)
  }

  /** What a follower tab's stream reads from: events replayed from the leader's messages. */
  class FollowerSource extends EventTarget implements EventSourceLike {
    readyState = 0
    readonly types = new Set<string>()

    override addEventListener(type: string, listener: (event: Event) => void): void {
      super.addEventListener(type, listener)
      if (type !== 'open' && type !== 'error' && !this.types.has(type)) {
        this.types.add(type)
        post({ kind: 'listen', type })
      }
    }

    close(): void {
      this.readyState = CLOSED
      if (followerSource === this) followerSource = undefined
    }
  }

  /** Opens a real EventSource in the leader tab and a relay endpoint elsewhere. */
  const SharedEventSource = function (href: string, init?: EventSourceInit): EventSourceLike {
    if (!isLeader.value) {
      followerSource = new FollowerSource()
      post({ kind: 'hello' })
      return followerSource
    }
    const real = new RealEventSource(href, init)
    leaderSource = real
    leaderOpen = false
    real.addEventListener('open', () => {
      leaderOpen = true
      leaderFatal = undefined
      post({ kind: 'state', open: true })
    })
    real.addEventListener('error', (event) => {
      leaderOpen = false
      const { code } = event as Event & { code?: unknown }
      const status = typeof code === 'number' ? code : undefined
      post({ kind: 'state', open: false, code: status, fatal: !!status && isFatalStatus(status) })
    })
    for (const type of relayedTypes) real.addEventListener(type, relay)
    return real
  } as unknown as EventSourceConstructor

  const stream = useEventStream<Events>(url, { ...streamOptions, EventSource: SharedEventSource })
  const fatalState = (code: number): RelayMessage => ({ kind: 'state', open: false, code, fatal: true })
  // A status the leader learned from its probe or its fetch never reached its EventSource's error event: relay it.
  stream.onError((err) => {
    if (isLeader.value && err.fatal && err.status) post(fatalState((leaderFatal = err.status)))
  })

  channel.addEventListener('message', (event) => {
    const message = (event as MessageEvent<RelayMessage>).data
    if (message.kind === 'app') {
      for (const handler of [...appHandlers]) handler(message.message)
    } else if (isLeader.value) {
      if (message.kind === 'listen') relayType(message.type)
      else if (message.kind === 'hello' && leaderOpen) post({ kind: 'state', open: true })
      else if (message.kind === 'hello' && leaderFatal) post(fatalState(leaderFatal))
    } else if (followerSource && (message.kind === 'events' || message.kind === 'state')) {
      if (message.kind === 'state') incoming.push(() => followerSource && receiveState(followerSource, message))
      else {
        for (const [type, data, id] of message.events) {
          incoming.push(() => followerSource?.dispatchEvent(new MessageEvent(type, { data, lastEventId: id })))
        }
      }
      incoming.work()
    }
  })

  function receiveState(source: FollowerSource, message: Extract<RelayMessage, { kind: 'state' }>): void {
    // A new leader learns what to relay from the followers' reminders.
    if (message.open) for (const type of source.types) post({ kind: 'listen', type })
    // A follower never reconnects by itself: it waits for the leader, like a native retry.
    source.readyState = message.open ? OPEN : message.fatal ? CLOSED : 0
    const event = new Event(message.open ? 'open' : 'error') as Event & { code?: number }
    if (message.code !== undefined) event.code = message.code
    source.dispatchEvent(event)
  }

  let stopElection: (() => void) | undefined
  function campaign(): void {
    stopElection ??= electLeader({
      name,
      locks: shared.locks,
      storage: shared.storage,
      onChange: (leading) => {
        isLeader.value = leading
        if (!leading) leaderSource = undefined
        // The new leader resumes from the last id it saw relayed: no loss, and no repeat.
        if (stream.status.value !== 'closed' || leading) stream.reconnect()
      },
    })
  }
  function resign(): void {
    stopElection?.()
    stopElection = undefined
  }

  for (const type of ['message', 'comment', ...(options.events ?? []), ...(options.heartbeatEvents ?? ['ping'])]) {
    relayedTypes.add(type)
  }
  campaign()

  tryOnScopeDispose(() => {
    resign()
    sendEvents()
    incoming.clear()
    channel.close()
  })

  return {
    ...stream,
    open: () => {
      campaign()
      stream.open()
    },
    close: () => {
      stream.close()
      resign()
    },
    isLeader,
    broadcast: (message) => post({ kind: 'app', message }),
    onBroadcast: (handler) => {
      appHandlers.add(handler)
      return () => appHandlers.delete(handler)
    },
  }
}
