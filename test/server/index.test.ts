import { describe, expect, it } from 'vitest'
import * as server from '../../src/server'

/** The runtime API of `vue-sse-notifications/server`; it changes on purpose, with docs/reference/server.md. */
const PUBLIC_SERVER_EXPORTS = {
  NotificationServerError: 'function',
  STREAM_EVENTS: 'object',
  compareEventIds: 'function',
  createMemoryStorage: 'function',
  createNotificationServer: 'function',
  createRedisStorage: 'function',
  formatEvent: 'function',
  isEventId: 'function',
  notificationEventData: 'object',
  openEventStream: 'function',
}

describe('server entry', () => {
  it('exports exactly the documented runtime values', () => {
    expect(Object.fromEntries(Object.entries(server).map(([name, value]) => [name, typeof value]))).toEqual(PUBLIC_SERVER_EXPORTS)
  })
})
