import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { NotificationServerError } from '../../src/server'
import type { NotificationItem } from '../../src/types'

export type NextFunction = (error?: unknown) => void

/** A notification as the demo server stores and sends it: the library's item, always with `updatedAt`. */
export interface DemoNotification extends NotificationItem {
  /** ISO 8601; grows with every change. */
  updatedAt: string
}

export interface NotificationInput {
  message: string
  title?: string
  link?: string
}

/** `GET /api/notifications` answer. */
export interface NotificationPage {
  data: DemoNotification[]
  nextCursor: string | null
  unreadCount: number
}

/** Payloads of the events on `GET /api/notifications/stream`. */
export interface DemoServerEvents {
  notification: DemoNotification
  'notification.read': { id: string; readAt: string | null }
  'notification.deleted': { id: string }
  'notifications.read-all': { readAt: string }
}

export interface DemoServerStats {
  /** Open notification streams. */
  streams: number
  /** Open clock streams. */
  clockStreams: number
  /** Notification streams accepted since start (or the last reset). */
  totalStreamConnections: number
  notifications: number
  unread: number
  /** Sequence number of the newest event (0 before any). */
  lastEventId: number
  loggedEvents: number
  /** ISO time the simulated outage ends, or `null`. */
  outageUntil: string | null
}

export interface DemoServerOptions {
  /** Prefix of every route. @default '/api' */
  basePath?: string
  /** Interval of the `ping` event on notification streams; 0 disables it. @default 15000 */
  pingIntervalMs?: number
  /** Tick interval of the clock stream. @default 1000 */
  clockIntervalMs?: number
  /** `retry:` sent at the start of every stream (fixed, so the demo reconnects quickly). @default 1000 */
  retryMs?: number
  /** Events kept for resuming (the kit's `replayLogSize`). @default 10000 */
  eventLogSize?: number
  /** Largest accepted request body, in bytes. @default 16384 */
  maxBodyBytes?: number
  /** @default 1000 */
  maxMessageLength?: number
  /** @default 200 */
  maxTitleLength?: number
  /** @default 2048 */
  maxLinkLength?: number
  /** A stream whose unsent output exceeds this many bytes is closed. @default 1048576 */
  maxBufferedBytes?: number
  /** Initial notifications: a count of sample ones, or the items. No events are logged for them. @default 0 */
  seed?: number | NotificationInput[]
  /** Publish a sample notification this often; 0 disables. @default 0 */
  autoPublishIntervalMs?: number
  /** Clock for timestamps. @default () => new Date() */
  now?: () => Date
}

export interface ListenResult {
  /** Origin, e.g. `http://127.0.0.1:41234`. */
  url: string
  port: number
  host: string
  httpServer: Server
  /** Ends the streams and closes the HTTP server. */
  close(): Promise<void>
}

/** The demo's server: the kit (`vue-sse-notifications/server`) for one demo user, plus the demo's own routes. */
export interface DemoServer {
  /** Resolves once the seed is stored. */
  ready: Promise<void>
  /** Connect-style middleware; requests outside `basePath` go to `next` (or get a 404 without it). */
  handle(req: IncomingMessage, res: ServerResponse, next?: NextFunction): void
  /** Logs an event and sends it to every notification stream, bypassing the store; resolves with its id. */
  broadcast(event: string, data: unknown): Promise<string>
  /** Validates, stores and broadcasts a notification; rejects with `DemoServerValidationError` on bad input. */
  publish(input: NotificationInput): Promise<DemoNotification>
  /** Marks one read and broadcasts `notification.read` (nothing if it was read already). */
  markRead(id: string): Promise<DemoNotification | undefined>
  /** Marks all read, broadcasts `notifications.read-all`, resolves with its `readAt`. */
  markAllRead(): Promise<string>
  /** Deletes one and broadcasts `notification.deleted`; false for an unknown id. */
  remove(id: string): Promise<boolean>
  /** All notifications, newest first. */
  list(): Promise<DemoNotification[]>
  /** Ends every open stream (notifications and clock); returns how many. */
  dropStreams(): number
  /** Refuses stream requests with 503 for `seconds` (0 ends it) and drops the open streams; returns the end time. */
  startOutage(seconds: number): string | null
  /** Drops the streams and clears notifications, event log, outage and counters; ids keep counting, and no earlier event id resumes. */
  reset(): void
  stats(): DemoServerStats
  /** Serves `handle` on a new `node:http` server, once `ready`. */
  listen(port?: number, host?: string): Promise<ListenResult>
  /** Drops the streams and stops the timers. */
  close(): void
}

/** A 400 for input the demo refuses (a `NotificationServerError` with the offending field). */
export declare class DemoServerValidationError extends NotificationServerError {
  constructor(message: string, field?: string)
  readonly field: string | undefined
}

export declare function createDemoServer(options?: DemoServerOptions): DemoServer

/** One of the built-in sample notifications (cycles through them). */
export declare function sampleNotification(index: number): NotificationInput
