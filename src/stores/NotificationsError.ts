/**
 * What failed:
 * - `fetch`: loading a page (refresh, loadMore, the background fill);
 * - `mark-read` / `mark-unread` / `mark-all-read` / `archive`: the request failed and the optimistic change was rolled back;
 * - `stream`: the live connection reported an error (cleared when it opens again);
 * - `signed-out`: the stream was answered 401 or 403, or a request 401: the user must sign in again;
 * - `invalid-item`: a notification was malformed or rejected by the normaliser;
 * - `config`: an action has no endpoint configured.
 */
export type NotificationsErrorKind =
  | 'fetch'
  | 'mark-read'
  | 'mark-unread'
  | 'mark-all-read'
  | 'archive'
  | 'stream'
  | 'signed-out'
  | 'invalid-item'
  | 'config'

/**
 * The action that failed, which `retry()` runs again: `refresh`, `load-more`,
 * `sync` (the background fill), `mark-read`, `mark-unread`, `mark-all-read`,
 * `archive`, or `stream` (the live connection).
 */
export type NotificationsAction =
  | 'refresh'
  | 'load-more'
  | 'sync'
  | 'mark-read'
  | 'mark-unread'
  | 'mark-all-read'
  | 'archive'
  | 'stream'

export interface NotificationsErrorDetails {
  /** HTTP status of a failed request, when there was a response. */
  status?: number
  /** Notification the error is about (`mark-read`, `mark-unread`, `archive`, `invalid-item`). */
  id?: string
  /** The action that failed. */
  action?: NotificationsAction
  cause?: unknown
}

export class NotificationsError extends Error {
  override readonly name = 'NotificationsError'
  readonly kind: NotificationsErrorKind
  readonly status: number | undefined
  readonly id: string | undefined
  readonly action: NotificationsAction | undefined

  constructor(kind: NotificationsErrorKind, message: string, details: NotificationsErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.kind = kind
    this.status = details.status
    this.id = details.id
    this.action = details.action
  }
}
