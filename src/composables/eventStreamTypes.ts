/**
 * - `idle`: no URL, paused, or not started;
 * - `connecting`: the first connection is opening;
 * - `open`: connected;
 * - `resuming`: the last connection delivered events and ended (a server that
 *   closes after each message, a restart, a dropped link); the next one opens
 *   shortly. Not an outage: show it like `open`;
 * - `reconnecting`: attempts are failing (`attempt` > 0); an outage;
 * - `closed`: final, by `close()` or a fatal error.
 *
 * Every new connection passes through `connecting`, `resuming` or
 * `reconnecting` before `open`, so a change to `open` means a new connection.
 */
export type EventStreamStatus = 'idle' | 'connecting' | 'open' | 'resuming' | 'reconnecting' | 'closed'

/** Map of event name to payload type, e.g. `{ notification: Notification; ping: null }`. */
export type EventMap = Record<string, unknown>

/** Event names a stream with map `Events` can receive: the declared ones plus unnamed `message`. */
export type EventName<Events extends object> = (keyof Events & string) | 'message'

/** Payload type of event `Name`; `unknown` for names the map does not declare. */
export type EventPayload<Events extends object, Name extends string> = Name extends keyof Events
  ? Events[Name]
  : unknown

/**
 * Type of `data`: the union of the map's payloads. Declare `message` in the map
 * when the server also sends unnamed events.
 */
export type EventData<Events extends object> = [keyof Events] extends [never] ? unknown : Events[keyof Events]

export type EventHandler<Payload> = (payload: Payload, event: MessageEvent<string>) => void

/** The part of the `EventSource` interface this composable relies on. */
export interface EventSourceLike {
  readonly readyState: number
  /**
   * The spec's "last event ID string", on sources that show it (the fetch
   * transport). Its presence also says that each event's `lastEventId` follows
   * the spec (kept across events, cleared by an empty `id:`), as native
   * `EventSource` does.
   */
  readonly lastEventId?: string
  /** Reconnection time from the server's `retry:` field, on sources that show it (the fetch transport). */
  readonly retry?: number
  addEventListener(type: string, listener: (event: Event) => void): void
  removeEventListener(type: string, listener: (event: Event) => void): void
  close(): void
}

/**
 * Any class constructed like `EventSource`: the browser's, the fetch transport
 * (`vue-sse-notifications/fetch-transport`), or the `eventsource` package.
 */
export type EventSourceConstructor = new (url: string, init?: EventSourceInit) => EventSourceLike
