import { describe, expect, it } from 'vitest'
import { createMemoryStorage } from '../../src/server'

const body = '{"message":"m"}'

describe('createMemoryStorage', () => {
  it('refuses a replay log size that is not a positive integer', () => {
    expect(() => createMemoryStorage({ replayLogSize: 0 })).toThrow(/replayLogSize/)
    expect(() => createMemoryStorage({ replayLogSize: 1.5 })).toThrow(/replayLogSize/)
  })

  it('counts per user and keeps the last replayLogSize events', async () => {
    const storage = createMemoryStorage({ replayLogSize: 2 })
    for (const id of ['a', 'b', 'c']) await storage.create('u', { id, body, broadcast: true }, 1000)
    await storage.markRead('u', 'a', 1000)
    expect(storage.stats('u')).toEqual({ notifications: 3, unread: 2, lastEventId: '4', loggedEvents: 2 })
    expect(storage.stats('other')).toEqual({ notifications: 0, unread: 0, lastEventId: undefined, loggedEvents: 0 })
    expect(await storage.eventsAfter('u', '2')).toEqual([
      { id: '3', event: 'notification', data: expect.any(String) },
      { id: '4', event: 'notification.read', data: expect.stringContaining('"id":"a"') },
    ])
    expect(await storage.eventsAfter('u', '1')).toBeUndefined()
  })

  it('clear() forgets everything, keeps counting ids, and lets no earlier id resume', async () => {
    const storage = createMemoryStorage()
    await storage.create('u', { id: 'a', body, broadcast: true }, 1000)
    await storage.append('u', 'custom', '{}')
    storage.clear()
    expect(storage.stats('u')).toEqual({ notifications: 0, unread: 0, lastEventId: '2', loggedEvents: 0 })
    expect(await storage.eventsAfter('u', '2')).toBeUndefined()
    expect(await storage.eventsAfter('u', '0')).toBeUndefined()
    expect(await storage.append('u', 'custom', '{}')).toBe('3')
    expect(await storage.eventsAfter('u', '3')).toEqual([])
    expect((await storage.page('u', { limit: 10 })).records).toEqual([])
  })
})
