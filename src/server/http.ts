import type { ServerResponse } from 'node:http'
import { NotificationServerError } from './NotificationServerError.js'

/** A route below the base path, and the methods it answers. */
export type Route =
  | { kind: 'list' }
  | { kind: 'stream' }
  | { kind: 'readAll' }
  | { kind: 'item'; id: string }
  | { kind: 'read'; id: string }
  | { kind: 'unread'; id: string }

export const ROUTE_METHODS: Record<Route['kind'], readonly string[]> = {
  list: ['GET'],
  stream: ['GET'],
  readAll: ['POST'],
  item: ['GET', 'DELETE'],
  read: ['POST'],
  unread: ['POST'],
}

/** Segments that name routes, so no notification may take them as its id. */
export const RESERVED_IDS: readonly string[] = ['stream', 'read-all']

/** The route of `rest` (the path below the base path: `''` or `/…`), or undefined. */
export function matchRoute(rest: string): Route | undefined {
  const segments = rest.split('/').slice(1)
  if (rest === '' || rest === '/') return { kind: 'list' }
  const [first, second] = segments.map(decodeSegment)
  if (segments.length === 1 && first === 'stream') return { kind: 'stream' }
  if (segments.length === 1 && first === 'read-all') return { kind: 'readAll' }
  if (!first) return undefined
  if (segments.length === 1) return { kind: 'item', id: first }
  if (segments.length === 2 && second === 'read') return { kind: 'read', id: first }
  if (segments.length === 2 && second === 'unread') return { kind: 'unread', id: first }
  return undefined
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new NotificationServerError(400, 'invalid_request', 'the path is not valid URL encoding')
  }
}

/** A positive `limit`, capped at `max`; `fallback` when absent. */
export function parseLimit(raw: string | null, fallback: number, max: number): number {
  if (raw === null || raw === '') return fallback
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new NotificationServerError(400, 'invalid_request', 'limit must be a positive integer')
  }
  return Math.min(max, Number(raw))
}

/** Keyset cursor: the (createdAt, id) of the last item of a page. */
export function encodeCursor(position: { createdAt: number; id: string }): string {
  return Buffer.from(`${position.createdAt}:${position.id}`, 'utf8').toString('base64url')
}

export function decodeCursor(cursor: string): { createdAt: number; id: string } {
  const match = /^[A-Za-z0-9_-]+$/.test(cursor) ? /^(\d{1,15}):(.+)$/s.exec(Buffer.from(cursor, 'base64url').toString('utf8')) : null
  if (!match) throw new NotificationServerError(400, 'invalid_request', 'cursor is not valid')
  return { createdAt: Number(match[1]), id: match[2] as string }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  })
  res.end(text)
}

/** Answers an error as `{ error, message }`; anything but a `NotificationServerError` is a 500. */
export function sendError(res: ServerResponse, error: unknown, headers: Record<string, string> = {}): void {
  if (error instanceof NotificationServerError) {
    sendJson(res, error.status, { error: error.code, message: error.message }, { ...headers, ...error.headers })
  } else {
    sendJson(res, 500, { error: 'internal_error', message: 'the notification server failed' }, headers)
  }
}
