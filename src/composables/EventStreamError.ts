/**
 * What went wrong:
 * - `parse`: a payload could not be parsed (the stream stays open);
 * - `validation`: a parsed payload was rejected by `validate` (the stream stays open);
 * - `connection`: the link failed without an HTTP answer (network error, CORS, dropped stream);
 * - `unauthorized`: the server answered 401 or 403: the user is signed out or not
 *   allowed. Fatal: reconnecting cannot fix it; `open()` after signing in again;
 * - `http`: the server answered with another status that is not 200;
 * - `content-type`: the server answered 200 with something that is not
 *   `text/event-stream`, typically a login page or a captive portal (retried);
 * - `stalled`: no event arrived in time on an open connection;
 * - `retries-exhausted`: `maxRetries` failed attempts in a row, reconnection stopped;
 * - `unsupported`: no EventSource implementation in this browser;
 * - `config`: the URL or options are invalid.
 */
export type EventStreamErrorKind =
  | 'parse'
  | 'validation'
  | 'connection'
  | 'unauthorized'
  | 'http'
  | 'content-type'
  | 'stalled'
  | 'retries-exhausted'
  | 'unsupported'
  | 'config'

export interface EventStreamErrorDetails {
  /** HTTP status, where it is known (see the connection guide for when it is). */
  status?: number
  /** Event type whose payload failed, for `parse` and `validation`. */
  eventType?: string
  /** Raw `data` of the event that failed, for `parse` and `validation`. */
  data?: string
  /** Whether the stream stopped for good because of this error. */
  fatal?: boolean
  /** Wait (ms) the server asked for with `Retry-After`; the next attempt comes after it. */
  retryAfter?: number
  cause?: unknown
}

export class EventStreamError extends Error {
  override readonly name = 'EventStreamError'
  declare readonly status?: number
  declare readonly eventType?: string
  declare readonly data?: string
  declare readonly retryAfter?: number
  declare readonly fatal: boolean

  constructor(
    readonly kind: EventStreamErrorKind,
    message: string,
    details: EventStreamErrorDetails = {},
  ) {
    super(message, details)
    Object.assign(this, { fatal: false }, details)
  }
}
