/**
 * What went wrong:
 * - `parse`: a payload could not be parsed (the stream stays open);
 * - `validation`: a parsed payload was rejected by `validate` (the stream stays open);
 * - `connection`: the link failed without an HTTP status (network error, dropped stream);
 * - `http`: the server answered with a status that is not 200;
 * - `stalled`: no event arrived within `stallTimeout`;
 * - `retries-exhausted`: `maxRetries` failed attempts in a row, reconnection stopped;
 * - `unsupported`: no EventSource implementation in this browser;
 * - `config`: the URL or options are invalid.
 */
export type EventStreamErrorKind =
  | 'parse'
  | 'validation'
  | 'connection'
  | 'http'
  | 'stalled'
  | 'retries-exhausted'
  | 'unsupported'
  | 'config'

export interface EventStreamErrorDetails {
  /** HTTP status, where the EventSource implementation reports one. */
  status?: number
  /** Event type whose payload failed, for `parse` and `validation`. */
  eventType?: string
  /** Raw `data` of the event that failed, for `parse` and `validation`. */
  data?: string
  /** Whether the stream stopped for good because of this error. */
  fatal?: boolean
  cause?: unknown
}

export class EventStreamError extends Error {
  override readonly name = 'EventStreamError'
  declare readonly status?: number
  declare readonly eventType?: string
  declare readonly data?: string
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
