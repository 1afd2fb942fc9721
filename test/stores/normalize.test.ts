import { describe, expect, it } from 'vitest'
import { NotificationsError } from '../../src/stores/NotificationsError'
import { normalizeNotification, parseEventData, parseNotificationsPage, toIsoDate } from '../../src/stores/normalize'

describe('normalizeNotification', () => {
  it('keeps a contract-shaped item', () => {
    expect(
      normalizeNotification({
        id: 'a',
        message: 'Hello',
        title: 'Greeting',
        link: '/inbox',
        createdAt: '2026-01-01T00:00:00Z',
        readAt: null,
        updatedAt: '2026-01-02T00:00:00Z',
      }),
    ).toEqual({
      id: 'a',
      message: 'Hello',
      title: 'Greeting',
      link: '/inbox',
      createdAt: '2026-01-01T00:00:00.000Z',
      readAt: null,
      updatedAt: '2026-01-02T00:00:00.000Z',
    })
  })

  it('accepts snake_case and Mongo ids', () => {
    expect(
      normalizeNotification({ _id: { $oid: '65f0' }, message: 'x', created_at: 1767225600, read_at: '2026-01-01T00:01:00Z' }),
    ).toEqual({ id: '65f0', message: 'x', createdAt: '2026-01-01T00:00:00.000Z', readAt: '2026-01-01T00:01:00.000Z' })
    expect(normalizeNotification({ _id: 42, body: 'b', created_at: '2026-01-01T00:00:00Z' }).id).toBe('42')
  })

  it('unwraps a Laravel DatabaseNotification', () => {
    expect(
      normalizeNotification({
        id: '8f2e',
        type: 'App\\Notifications\\Mentioned',
        data: { title: 'Mention', message: 'Ann mentioned you', url: 'https://example.com/p/1' },
        read_at: null,
        created_at: '2026-01-01T10:00:00.000000Z',
        updated_at: '2026-01-01T10:00:00.000000Z',
      }),
    ).toEqual({
      id: '8f2e',
      title: 'Mention',
      message: 'Ann mentioned you',
      link: 'https://example.com/p/1',
      createdAt: '2026-01-01T10:00:00.000Z',
      readAt: null,
      updatedAt: '2026-01-01T10:00:00.000Z',
    })
  })

  it('rejects items without an id or that are not objects', () => {
    expect(() => normalizeNotification({ message: 'x' })).toThrow(NotificationsError)
    expect(() => normalizeNotification({ id: '', message: 'x' })).toThrow(/no id/)
    expect(() => normalizeNotification('x')).toThrow(/no id/)
    expect(() => normalizeNotification(null)).toThrow(/null/)
    expect(() => normalizeNotification(42)).toThrow(/must be an object/)
  })

  it('takes a plain-text payload as the message, and the fallback id and reception time', () => {
    const context = { source: 'stream', fallbackId: 'e7', receivedAt: '2026-03-01T00:00:00.000Z' } as const
    expect(normalizeNotification('Message #3', context)).toEqual({
      id: 'e7',
      message: 'Message #3',
      createdAt: '2026-03-01T00:00:00.000Z',
      readAt: null,
    })
    // A payload's own id wins over the fallback.
    expect(normalizeNotification({ id: 'n1', message: 'New update' }, context)).toMatchObject({ id: 'n1', message: 'New update' })
  })

  it('shows the plain fields of a payload without a message field', () => {
    const context = { source: 'stream', fallbackId: 'e1', receivedAt: '2026-03-01T00:00:00.000Z' } as const
    expect(normalizeNotification({ time: '12:00:05' }, context).message).toBe('time: 12:00:05')
    expect(normalizeNotification({ id: 'x', type: 'App\\Ping', data: { count: 3, ok: true } }).message).toBe('count: 3, ok: true')
  })

  it('fills defaults: message from title, createdAt from updatedAt, read flag', () => {
    const item = normalizeNotification({ id: 1, title: 'Only a title', updated_at: '2026-03-01T00:00:00Z', read: true })
    expect(item).toEqual({
      id: '1',
      message: 'Only a title',
      createdAt: '2026-03-01T00:00:00.000Z',
      readAt: '2026-03-01T00:00:00.000Z',
      updatedAt: '2026-03-01T00:00:00.000Z',
    })
  })

  it('converts dates', () => {
    expect(toIsoDate(new Date(Date.UTC(2026, 0, 1)))).toBe('2026-01-01T00:00:00.000Z')
    expect(toIsoDate(1767225600000)).toBe('2026-01-01T00:00:00.000Z')
    expect(toIsoDate('not a date')).toBe('not a date')
    expect(toIsoDate(undefined)).toBeUndefined()
  })
})

describe('parseNotificationsPage', () => {
  it('reads every supported page shape', () => {
    expect(parseNotificationsPage([{ id: 1 }])).toEqual({ items: [{ id: 1 }], nextCursor: null })
    expect(parseNotificationsPage({ data: [], nextCursor: 'c', unreadCount: 3 })).toEqual({
      items: [],
      nextCursor: 'c',
      unreadCount: 3,
    })
    expect(parseNotificationsPage({ data: [], next_cursor: 'l', unread_count: 2 })).toEqual({
      items: [],
      nextCursor: 'l',
      unreadCount: 2,
    })
    expect(parseNotificationsPage({ data: [], meta: { next_cursor: 'm' } }).nextCursor).toBe('m')
    expect(parseNotificationsPage({ notifications: [], nextCursor: null }).nextCursor).toBeNull()
  })

  it('rejects bodies without a list', () => {
    expect(() => parseNotificationsPage('<html>')).toThrow(NotificationsError)
    expect(() => parseNotificationsPage({ results: [] })).toThrow(/no "data" array/)
  })
})

describe('parseEventData', () => {
  it('parses JSON, keeps plain text as text, and rejects broken JSON', () => {
    expect(parseEventData('{"message":"hi"}')).toEqual({ message: 'hi' })
    expect(parseEventData('42')).toBe(42)
    expect(parseEventData('Message #3')).toBe('Message #3')
    expect(parseEventData('Server time is 10:00:00 AM')).toBe('Server time is 10:00:00 AM')
    expect(() => parseEventData('{"id": "broken", ')).toThrow(SyntaxError)
    expect(() => parseEventData('["a", ')).toThrow(SyntaxError)
  })
})
