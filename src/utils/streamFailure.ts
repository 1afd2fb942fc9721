import type { EventStreamErrorDetails, EventStreamErrorKind } from '../composables/EventStreamError'
import { isFatalStatus } from './httpStatus'

/** The arguments of an `EventStreamError`: kind, message, details. */
export type Diagnosis = [EventStreamErrorKind, string, EventStreamErrorDetails?]

/** `Retry-After` in ms, from delay-seconds or an HTTP date; 0 when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined): number {
  const ms = !value ? 0 : /^\s*\d+\s*$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now()
  return ms > 0 ? ms : 0
}

/** What an answer other than a working `text/event-stream` means for the stream. */
export function diagnoseResponse(status: number, headers?: Headers): Diagnosis {
  if (status === 401 || status === 403) {
    return ['unauthorized', `Stream answered HTTP ${status}: signed out or not allowed`, { status, fatal: true }]
  }
  if (status === 200) {
    const type = headers?.get('content-type')
    return [
      'content-type',
      `Stream answered HTTP 200 with ${type ? `Content-Type "${type}"` : 'no Content-Type'}, not text/event-stream (a login page or captive portal?)`,
      { status },
    ]
  }
  return [
    'http',
    `Stream answered HTTP ${status}`,
    { status, fatal: isFatalStatus(status), retryAfter: parseRetryAfter(headers?.get('retry-after')) },
  ]
}

const CONNECTION_LOST = 'Connection lost'

/**
 * Native EventSource hides why a connection failed to open. One request to the
 * same URL with the same credentials mode shows it; its body is never read.
 */
export function probeStream(href: string, withCredentials: boolean): Promise<Diagnosis> {
  return fetch(href, {
    credentials: withCredentials ? 'include' : 'same-origin',
    headers: { Accept: 'text/event-stream' },
    cache: 'no-store',
    signal: AbortSignal.timeout(10_000),
  }).then(
    (response) => {
      response.body?.cancel().catch(() => {})
      return response.status === 200 && /^text\/event-stream/i.test(response.headers.get('content-type') ?? '')
        ? ['connection', CONNECTION_LOST]
        : diagnoseResponse(response.status, response.headers)
    },
    (cause: unknown) => ['connection', 'Could not reach the server, or the request was blocked by CORS', { cause }],
  )
}

/**
 * Why an attempt that delivered nothing failed, from what the EventSource
 * showed: an HTTP status (`code`, or the `response` it fetched), a message, or,
 * for a native EventSource that failed to open and shows neither, a probe.
 */
export async function diagnose(
  href: string,
  withCredentials: boolean,
  native: boolean,
  opened: boolean,
  code?: number,
  message?: string,
  response?: Response,
): Promise<Diagnosis> {
  if (opened) return ['connection', message || CONNECTION_LOST]
  if (code || response) return diagnoseResponse(code || response!.status, response?.headers)
  return native ? probeStream(href, withCredentials) : ['connection', message || 'Could not connect']
}
