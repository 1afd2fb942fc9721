/**
 * An error with an HTTP status. The handler answers it as
 * `{ "error": code, "message": message }`; `publish()` and the other helpers
 * throw it for bad input (400), an unknown id (404) or a taken id (409).
 * `authenticate` may throw one too, e.g. 403 for a banned user.
 */
export class NotificationServerError extends Error {
  override readonly name = 'NotificationServerError'

  constructor(
    /** HTTP status, 400–599. */
    readonly status: number,
    /** Machine-readable code, e.g. `not_found`. */
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. `Allow` or `Retry-After`. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message)
  }
}
