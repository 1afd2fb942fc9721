import { describe, expect, it } from 'vitest'
import { EventStreamError } from '../../src/composables/EventStreamError'
import type { EventStreamStatus } from '../../src/composables/eventStreamTypes'
import { defaultNotificationBellLabels as labels, resolveLabels } from '../../src/components/labels'
import { bannerError, connectionNotice, errorMessage } from '../../src/components/notices'
import { NotificationsError, type NotificationsErrorKind } from '../../src/stores/NotificationsError'

const streamError = (cause: EventStreamError) => new NotificationsError('stream', cause.message, { cause, action: 'stream' })

describe('errorMessage and bannerError', () => {
  it('tell each failed action apart, in the banner', () => {
    const texts = (['fetch', 'mark-read', 'mark-unread', 'mark-all-read', 'archive', 'config'] as const).map((kind) => {
      const error = new NotificationsError(kind, 'HTTP 500')
      expect(bannerError(error)).toBe(error)
      return errorMessage(error, labels)
    })
    expect(texts).toEqual([
      'Notifications could not be loaded.',
      'The notification could not be marked as read.',
      'The notification could not be marked as unread.',
      'The notifications could not be marked as read.',
      'The notification could not be archived.',
      'This action is not available.',
    ])
  })

  it('leave stream failures, signing out and malformed events to other places', () => {
    for (const kind of ['stream', 'signed-out', 'invalid-item'] satisfies NotificationsErrorKind[]) {
      expect(bannerError(new NotificationsError(kind, 'x'))).toBeNull()
    }
    expect(bannerError(null)).toBeNull()
  })

  it('use labels.error when it gives a text, and the kind’s label when it returns undefined', () => {
    const custom = resolveLabels({ error: (error) => (error.status === 503 ? 'Down for maintenance.' : undefined) })
    expect(errorMessage(new NotificationsError('fetch', 'HTTP 503', { status: 503 }), custom)).toBe('Down for maintenance.')
    expect(errorMessage(new NotificationsError('archive', 'HTTP 500', { status: 500 }), custom)).toBe(
      'The notification could not be archived.',
    )
  })
})

describe('connectionNotice', () => {
  const notice = (error: NotificationsError | null, status: EventStreamStatus) => connectionNotice(error, status, labels)

  it('says nothing while live updates work, between two connections of a stream that ends after each message included', () => {
    for (const status of ['idle', 'connecting', 'open', 'resuming'] as const) expect(notice(null, status)).toBe('')
    // A stale stall between two healthy connections is no outage either.
    expect(notice(streamError(new EventStreamError('stalled', 'No event for 45000 ms')), 'resuming')).toBe('')
  })

  it('says reconnecting for a dropped connection, and unavailable once the stream gave up', () => {
    const dropped = streamError(new EventStreamError('connection', 'Connection lost'))
    expect(notice(dropped, 'reconnecting')).toBe('Reconnecting… new notifications may be delayed.')
    expect(notice(null, 'closed')).toBe('Live updates are unavailable.')
  })

  it('names what a failed first connection may be: no answer (network or CORS), or no event stream', () => {
    const unreachable = new EventStreamError('connection', 'Could not reach the server, or the request was blocked by CORS', {
      cause: new TypeError('Failed to fetch'),
    })
    expect(notice(streamError(unreachable), 'reconnecting')).toBe(
      'Live updates are unavailable. The server cannot be reached (offline, or blocked by CORS?).',
    )
    const loginPage = new EventStreamError('content-type', 'Stream answered HTTP 200 with Content-Type "text/html"', { status: 200 })
    expect(notice(streamError(loginPage), 'reconnecting')).toBe(
      'Live updates are unavailable. The server sent no event stream (a login page?).',
    )
  })

  it('says signed out for a stream answered 401 or 403, not reconnecting or unavailable', () => {
    const signedOut = new NotificationsError('signed-out', 'Stream answered HTTP 401', { status: 401, action: 'stream' })
    for (const status of ['closed', 'reconnecting', 'idle'] as const) {
      expect(notice(signedOut, status)).toBe('You are signed out. Sign in to see your notifications.')
    }
  })
})
