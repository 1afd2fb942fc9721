import { describe, expect, it } from 'vitest'
import { LocalReadState } from '../../src/inbox/LocalReadState'
import type { NotificationItem } from '../../src/types'

const item = (n: number): NotificationItem =>
  Object.freeze({ id: `n${n}`, message: `Message ${n}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), readAt: null })
const ids = (items: readonly NotificationItem[]): string[] => items.map((kept) => kept.id)

/** A `Storage` in memory, shared by the tabs of one test. */
function memoryStorage() {
  const values = new Map<string, string>()
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  }
}

describe('LocalReadState: kept items', () => {
  it('keeps what one tab holds, newest first, and shows it after a reload', () => {
    const storage = memoryStorage()
    const tab = new LocalReadState(storage, 'user-1', 10)
    expect(tab.keepItems([item(3), item(2), item(1)])).toEqual([])
    expect(ids(new LocalReadState(storage, 'user-1', 10).items)).toEqual(['n3', 'n2', 'n1'])
  })

  it('keeps what another tab of the same user kept meanwhile, and hands it over', () => {
    const storage = memoryStorage()
    const first = new LocalReadState(storage, 'user-1', 10)
    const second = new LocalReadState(storage, 'user-1', 10)
    first.keepItems([item(4), item(2), item(1)])
    // The second tab missed 4 and 2 (its stream was down) but received 3.
    expect(ids(second.keepItems([item(3), item(1)]))).toEqual(['n4', 'n2'])
    expect(ids(new LocalReadState(storage, 'user-1', 10).items)).toEqual(['n4', 'n3', 'n2', 'n1'])
    // The first tab gets 3 from the second.
    expect(ids(first.keepItems([item(4), item(2), item(1)]))).toEqual(['n3'])
  })

  it('drops an item this tab kept before and no longer holds, and what was archived', () => {
    const storage = memoryStorage()
    const tab = new LocalReadState(storage, 'user-1', 10)
    tab.keepItems([item(3), item(2), item(1)])
    expect(tab.keepItems([item(3), item(1)])).toEqual([])
    expect(ids(new LocalReadState(storage, 'user-1', 10).items)).toEqual(['n3', 'n1'])

    const other = new LocalReadState(storage, 'user-1', 10)
    other.archive('n5')
    other.keepItems([item(5), item(3), item(1)])
    expect(tab.keepItems([item(3), item(1)])).toEqual([])
  })

  it('keeps at most its limit, the newest, and hands over only what it keeps', () => {
    const storage = memoryStorage()
    const first = new LocalReadState(storage, 'user-1', 3)
    const second = new LocalReadState(storage, 'user-1', 3)
    first.keepItems([item(9), item(8), item(1)])
    expect(ids(second.keepItems([item(7), item(6)]))).toEqual(['n9', 'n8'])
    expect(ids(new LocalReadState(storage, 'user-1', 3).items)).toEqual(['n9', 'n8', 'n7'])
  })
})
