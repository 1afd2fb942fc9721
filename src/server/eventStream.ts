import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'

/** Bounds of the `retry:` each connection gets, in ms; a value is drawn uniformly per connection. */
export interface RetryRange {
  /** @default 1000 */
  minMs?: number
  /** @default 4000 */
  maxMs?: number
}

export interface EventStreamOptions {
  /** `retry:` sent first: a random value in the range, so clients do not all come back at once after a restart. */
  retry?: RetryRange
  /** A named `ping` event (data `{}`) this often, so proxies keep the connection and dead ones are found; 0 disables. @default 20000 */
  heartbeatIntervalMs?: number
  /** A client whose unsent output exceeds this many bytes is dropped instead of buffered without limit. @default 1048576 */
  maxBufferedBytes?: number
  /** Extra response headers (CORS, for example). */
  headers?: OutgoingHttpHeaders
}

/** One event to write. `data` is written as is (JSON text, usually); lines become `data:` lines. */
export interface SseEvent {
  id?: string
  event?: string
  data: string
}

/** Why a stream ended: the client left, the server closed it, or the client read too slowly. */
export type EventStreamCloseReason = 'client' | 'server' | 'backpressure'

export interface EventStream {
  /** The `retry:` this connection was sent, in ms. */
  readonly retryMs: number
  readonly closed: boolean
  /** Writes an event; false when the stream is closed (or was just dropped for backpressure). */
  send(event: SseEvent): boolean
  /** Ends the response; the client reconnects after `retry`. */
  close(): void
  /** Runs once when the stream ends, for whatever reason. */
  onClose(listener: (reason: EventStreamCloseReason) => void): void
}

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 20_000
export const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024
const DEFAULT_RETRY = { minMs: 1000, maxMs: 4000 }

/** Checks a retry range, filling in the defaults. */
export function resolveRetryRange(retry: RetryRange = {}): { minMs: number; maxMs: number } {
  const minMs = retry.minMs ?? Math.min(DEFAULT_RETRY.minMs, retry.maxMs ?? DEFAULT_RETRY.minMs)
  const maxMs = retry.maxMs ?? Math.max(DEFAULT_RETRY.maxMs, minMs)
  if (!Number.isFinite(minMs) || !Number.isFinite(maxMs) || minMs < 0 || maxMs < minMs) {
    throw new TypeError(`retry must satisfy 0 <= minMs <= maxMs, got ${JSON.stringify(retry)}`)
  }
  return { minMs, maxMs }
}

/** The SSE frame of one event. */
export function formatEvent(event: SseEvent): string {
  let frame = ''
  if (event.id !== undefined) frame += `id: ${checkField('id', event.id)}\n`
  if (event.event !== undefined) frame += `event: ${checkField('event', event.event)}\n`
  for (const line of event.data.split(/\r\n|\r|\n/)) frame += `data: ${line}\n`
  return `${frame}\n`
}

function checkField(name: string, value: string): string {
  if (/[\r\n\0]/.test(value)) throw new TypeError(`an event ${name} must not contain line breaks or NUL: ${JSON.stringify(value)}`)
  return value
}

/**
 * Answers `req` with an open `text/event-stream`: `Cache-Control: no-store`,
 * `X-Accel-Buffering: no`, headers flushed at once (proxies such as Vite's
 * hold them back until the first byte otherwise), a randomised `retry:`, and a
 * heartbeat. Register whatever feeds the stream before calling this, so that
 * nothing published after the client sees the open is missed.
 */
export function openEventStream(req: IncomingMessage, res: ServerResponse, options: EventStreamOptions = {}): EventStream {
  const { minMs, maxMs } = resolveRetryRange(options.retry)
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS
  const maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES
  const retryMs = Math.round(minMs + Math.random() * (maxMs - minMs))
  const listeners: ((reason: EventStreamCloseReason) => void)[] = []
  let closedFor: EventStreamCloseReason | undefined
  let heartbeat: ReturnType<typeof setInterval> | undefined

  const headers: OutgoingHttpHeaders = {
    ...options.headers,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
  }
  // HTTP/2 forbids connection-specific headers.
  if (req.httpVersionMajor < 2) headers.Connection = 'keep-alive'
  req.socket.setTimeout?.(0)
  req.socket.setNoDelay?.(true)
  req.socket.setKeepAlive?.(true)
  res.writeHead(200, headers)
  res.flushHeaders()

  function finish(reason: EventStreamCloseReason): void {
    if (closedFor) return
    closedFor = reason
    clearInterval(heartbeat)
    for (const listener of listeners.splice(0)) listener(reason)
  }

  function write(chunk: string): boolean {
    if (closedFor || res.writableEnded || res.destroyed) return false
    res.write(chunk)
    if (res.writableLength > maxBufferedBytes) {
      finish('backpressure')
      res.destroy()
      return false
    }
    return true
  }

  res.once('close', () => finish('client'))
  write(`retry: ${retryMs}\n\n`)
  if (heartbeatIntervalMs > 0) {
    heartbeat = setInterval(() => write(formatEvent({ event: 'ping', data: '{}' })), heartbeatIntervalMs)
    heartbeat.unref()
  }

  return {
    retryMs,
    get closed() {
      return closedFor !== undefined
    },
    send: (event) => write(formatEvent(event)),
    close() {
      if (closedFor) return
      finish('server')
      res.end()
    },
    onClose(listener) {
      if (closedFor) listener(closedFor)
      else listeners.push(listener)
    },
  }
}
