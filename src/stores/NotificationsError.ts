/**
 * What failed:
 * - `fetch`: loading a page (refresh, loadMore, gap fill, re-sync);
 * - `mark-read` / `mark-all-read`: the request failed and the optimistic change was rolled back;
 * - `stream`: the live connection reported an error (cleared when it opens again);
 * - `invalid-item`: a notification was malformed or rejected by the normaliser;
 * - `config`: the store is missing `apiUrl` or `streamUrl`.
 */
export type NotificationsErrorKind = 'fetch' | 'mark-read' | 'mark-all-read' | 'stream' | 'invalid-item' | 'config'

export interface NotificationsErrorDetails {
  /** HTTP status of a failed request, when there was a response. */
  status?: number
  /** Notification the error is about (`mark-read`, `invalid-item`). */
  id?: string
  cause?: unknown
}

export class NotificationsError extends Error {
  override readonly name = 'NotificationsError'
  readonly kind: NotificationsErrorKind
  readonly status: number | undefined
  readonly id: string | undefined

  constructor(kind: NotificationsErrorKind, message: string, details: NotificationsErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.kind = kind
    this.status = details.status
    this.id = details.id
  }
}
