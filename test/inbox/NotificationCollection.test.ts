import { describe, expect, it } from 'vitest'
import type { NotificationItem } from '../../src/types'
import { NotificationCollection } from '../../src/inbox/NotificationCollection'

function item(id: string, second: number, extra: Partial<NotificationItem> = {}): NotificationItem {
  return { id, message: id, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(), readAt: null, ...extra }
}

describe('NotificationCollection', () => {
  it('keeps items sorted newest first whatever the arrival order, ties by id', () => {
    const collection = new NotificationCollection()
    for (const [id, second] of [['b', 2], ['d', 4], ['a', 1], ['c', 2], ['e', 3]] as const) collection.write(item(id, second))
    expect(collection.toArray().map((entry) => entry.id)).toEqual(['d', 'e', 'c', 'b', 'a'])
  })

  it('matches a plain sort after many random upserts and removals', () => {
    const collection = new NotificationCollection()
    const reference = new Map<string, NotificationItem>()
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    for (let i = 0; i < 3000; i += 1) {
      const id = `i${Math.floor(random() * 300)}`
      if (random() < 0.2) {
        collection.remove(id)
        reference.delete(id)
      } else {
        const next = item(id, Math.floor(random() * 100), { readAt: random() < 0.5 ? null : 'x' })
        collection.write(next)
        reference.set(id, next)
      }
    }
    const expected = [...reference.values()].sort((a, b) =>
      a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
    )
    expect(collection.toArray()).toEqual(expected)
    expect(collection.unread).toBe(expected.filter((entry) => entry.readAt === null).length)
  })

  it('upsert() ignores an older version by updatedAt and takes the latest arrival otherwise', () => {
    const collection = new NotificationCollection()
    expect(collection.upsert(item('a', 1, { message: 'v2', updatedAt: '2026-02-02T00:00:00Z' }))).toBe(true)
    expect(collection.upsert(item('a', 1, { message: 'v1', updatedAt: '2026-02-01T00:00:00Z' }))).toBe(false)
    expect(collection.get('a')?.item.message).toBe('v2')
    expect(collection.upsert(item('a', 1, { message: 'v3' }))).toBe(true)
    expect(collection.get('a')?.item.message).toBe('v3')
    expect(collection.toArray()).toHaveLength(1)
  })

  it('tracks unread items through writes, removals and trimming', () => {
    const collection = new NotificationCollection()
    collection.write(item('a', 1))
    collection.write(item('b', 2))
    collection.write(item('c', 3, { readAt: 'x' }))
    expect(collection.unread).toBe(2)
    collection.write(item('a', 1, { readAt: 'y' }))
    expect(collection.unread).toBe(1)
    expect(collection.trimTo(2).map((entry) => entry.item.id)).toEqual(['a'])
    collection.remove('b')
    expect(collection.unread).toBe(0)
    expect(collection.toArray().map((entry) => entry.id)).toEqual(['c'])
  })

  it('moves an item whose createdAt changed', () => {
    const collection = new NotificationCollection()
    collection.write(item('a', 1))
    collection.write(item('b', 2))
    collection.write(item('a', 3))
    expect(collection.toArray().map((entry) => entry.id)).toEqual(['a', 'b'])
  })

  it('matches a plain sort through pages written newest first, trimming, old arrivals and removals', () => {
    const collection = new NotificationCollection()
    const reference = new Map<string, NotificationItem>()
    const sorted = () =>
      [...reference.values()].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1))
    let seed = 11
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    let next = 0
    for (let round = 0; round < 400; round += 1) {
      const roll = random()
      if (round % 100 === 50) {
        // Many new items, then most of them dropped: the free slots in front are compacted away.
        for (let i = 0; i < 3000; i += 1) {
          const fresh = item(`n${(next += 1)}`, 200_000 + next)
          collection.write(fresh)
          reference.set(fresh.id, fresh)
        }
        const dropped = collection.trimTo(20)
        for (const entry of dropped) reference.delete(entry.item.id)
      } else if (roll < 0.3) {
        // A page, newest first, below everything held: each item goes in front of the others.
        const oldest = sorted().at(-1)
        const below = oldest ? Date.parse(oldest.createdAt) / 1000 - Date.UTC(2026, 0, 1) / 1000 : 100_000
        for (let i = 1; i <= 1 + Math.floor(random() * 60); i += 1) {
          const page = item(`p${(next += 1)}`, below - i)
          collection.write(page, 'page')
          reference.set(page.id, page)
        }
      } else if (roll < 0.6) {
        for (let i = 0; i < 1 + Math.floor(random() * 40); i += 1) {
          const fresh = item(`n${(next += 1)}`, 200_000 + next)
          collection.write(fresh)
          reference.set(fresh.id, fresh)
        }
      } else if (roll < 0.8) {
        const max = Math.floor(random() * reference.size)
        const dropped = collection.trimTo(max)
        expect(dropped.map((entry) => entry.item)).toEqual(sorted().slice(max).reverse())
        for (const entry of dropped) reference.delete(entry.item.id)
      } else {
        const ids = [...reference.keys()]
        const id = ids[Math.floor(random() * ids.length)]
        if (id !== undefined) {
          collection.remove(id)
          reference.delete(id)
        }
      }
      const expected = sorted()
      expect(collection.size).toBe(expected.length)
      expect(collection.toArray()).toEqual(expected)
      expect(collection.oldest()?.item).toBe(expected.at(-1))
      expect(collection.newest()?.item).toBe(expected[0])
      const start = Math.floor(random() * (expected.length + 2))
      expect(collection.slice(start, start + 7)).toEqual(expected.slice(start, start + 7))
      expect(collection.at(start)).toBe(expected[start])
      expect(collection.entries().map((entry) => entry.item)).toEqual([...expected].reverse())
      // Below everything held: the count walks the whole list, down to its first entry.
      const since = expected.length > 0 && random() < 0.5 ? Date.parse(expected[Math.floor(random() * expected.length)]!.createdAt) : 0
      expect(collection.unreadAfter(since)).toBe(expected.filter((entry) => Date.parse(entry.createdAt) > since).length)
    }
    expect(collection.unread).toBe(reference.size)
  })
})
