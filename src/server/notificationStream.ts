import type { IncomingMessage, ServerResponse } from 'node:http'
import { compareEventIds } from './eventIds.js'
import { openEventStream, type EventStream, type EventStreamOptions } from './eventStream.js'
import { STREAM_EVENTS, type StoredEvent } from './records.js'
import type { NotificationStorage } from './storage.js'

export interface NotificationStreamRequest {
  req: IncomingMessage
  res: ServerResponse
  userId: string
  storage: NotificationStorage
  stream: EventStreamOptions
}

/**
 * The resume point: the `Last-Event-ID` header when present, else the
 * `lastEventId` query parameter. The header wins: a browser's own reconnect
 * keeps the old URL (and its old query) but sends a current header.
 */
export function resumePoint(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers['last-event-id']
  const value = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('lastEventId') ?? undefined
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}

/**
 * Serves one user's stream: subscribes first, then opens the response, sends
 * `notifications.sync` (its id is the client's position), replays what the
 * client missed and goes live. Events
 * that arrive while the replay is read wait, and those the replay already
 * holds are skipped, so nothing is lost or sent twice. Resolves with the open
 * stream, or undefined when the client left during set-up.
 */
export async function serveNotificationStream(request: NotificationStreamRequest, resumeFrom: string | undefined): Promise<EventStream | undefined> {
  const { req, res, userId, storage } = request
  const waiting: StoredEvent[] = []
  // Assigned once the subscription is set up; the listeners below run before that too.
  let stream: EventStream | undefined = undefined
  let live = false
  let interrupted = false
  /** Id of the newest event the client has; later events only. */
  let position: string | undefined

  const deliver = (event: StoredEvent) => {
    if (!stream || !live) {
      waiting.push(event)
      return
    }
    if (position !== undefined && compareEventIds(event.id, position) <= 0) return
    position = event.id
    stream.send(event)
  }
  // Read before subscribing: a position no later than anything the stream will deliver.
  const latest = await storage.latestEventId(userId)
  const unsubscribe = await storage.subscribe(userId, {
    onEvent: deliver,
    onInterrupted() {
      interrupted = true
      stream?.close()
    },
  })
  if (res.destroyed || res.writableEnded) {
    unsubscribe()
    return undefined
  }

  stream = openEventStream(req, res, request.stream)
  stream.onClose(unsubscribe)
  let replay: StoredEvent[] | undefined
  try {
    replay = resumeFrom === undefined ? undefined : await storage.eventsAfter(userId, resumeFrom)
  } catch (error) {
    stream.close()
    throw error
  }
  if (interrupted) stream.close()
  if (stream.closed) return undefined

  // Its id is where the client is now, so that it resumes from there even if nothing else arrives.
  const at = replay ? resumeFrom : latest
  stream.send({ event: STREAM_EVENTS.sync, data: JSON.stringify({ replayed: replay !== undefined }), ...(at === undefined ? {} : { id: at }) })
  if (replay) {
    position = resumeFrom
    for (const event of replay) {
      position = event.id
      stream.send(event)
    }
  }
  live = true
  for (const event of waiting.splice(0)) deliver(event)
  return stream
}
