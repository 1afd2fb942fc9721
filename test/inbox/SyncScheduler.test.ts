import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { InboxEngine } from '../../src/inbox/InboxEngine'
import type { FetchedPage } from '../../src/inbox/tickets'
import { SyncScheduler, type SyncAction } from '../../src/inbox/SyncScheduler'

const iso = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString()
const item = (n: number) => ({ id: `n${n}`, message: `m${n}`, createdAt: iso(n), readAt: null })

/** A list of `total` items served `size` at a time, newest first, with numeric cursors. */
function list(total: number, size: number) {
  return (cursor: string | null): FetchedPage => {
    const end = cursor === null ? total : Number(cursor)
    const start = Math.max(0, end - size)
    const items = []
    for (let n = end; n > start; n -= 1) items.push(item(n))
    return { items, nextCursor: start > 0 ? String(start) : null }
  }
}

function setUp(options: { total?: number; burst?: number; interval?: number; fail?: () => boolean } = {}) {
  const engine = new InboxEngine({ maxItems: 100_000, reconcileDeletions: true })
  const serve = list(options.total ?? 1000, 10)
  let inFlight = 0
  let mostInFlight = 0
  const requests: { cursor: string | null; at: number }[] = []
  const settled: [SyncAction, unknown][] = []
  const scheduler = new SyncScheduler({
    engine,
    burst: options.burst ?? 3,
    interval: options.interval ?? 1000,
    random: () => 0.5,
    fetchPage: async (cursor) => {
      requests.push({ cursor, at: Date.now() })
      inFlight += 1
      mostInFlight = Math.max(mostInFlight, inFlight)
      await new Promise((resolve) => setTimeout(resolve, 5))
      inFlight -= 1
      if (options.fail?.()) throw new Error('500')
      return serve(cursor)
    },
    onSettled: (action, error) => settled.push([action, error]),
  })
  return { engine, scheduler, requests, settled, mostInFlight: () => mostInFlight }
}

/** Lets a request through the (fake) clock and waits for it. */
async function settle(done: Promise<void>): Promise<void> {
  await vi.advanceTimersByTimeAsync(20)
  await done
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('SyncScheduler', () => {
  it('sends one request at a time, user actions first, and shares a waiting refresh', async () => {
    const { scheduler, requests, mostInFlight } = setUp()
    const first = scheduler.refresh()
    const same = scheduler.refresh()
    expect(same).toBe(first)
    const more = scheduler.loadMore()
    await vi.advanceTimersByTimeAsync(100)
    await Promise.all([first, more])
    expect(requests.map((request) => request.cursor)).toEqual([null, '990'])
    expect(mostInFlight()).toBe(1)
  })

  it('after a discontinuity fetches a burst at once, then one page per interval', async () => {
    const { engine, scheduler, requests } = setUp({ burst: 3, interval: 1000 })
    await settle(scheduler.refresh())
    for (let page = 0; page < 5; page += 1) await settle(scheduler.loadMore())
    // 60 items held: re-checking them takes 6 pages.
    const before = requests.length
    engine.discontinuity()
    scheduler.wake()
    await vi.advanceTimersByTimeAsync(100)
    expect(requests.length - before).toBe(3)
    await vi.advanceTimersByTimeAsync(2000)
    expect(requests.length - before).toBe(5)
    const gaps = requests.slice(before + 3).map((request, i, all) => request.at - (i === 0 ? requests[before + 2]!.at : all[i - 1]!.at))
    // The bucket refills while requests run, so a gap may be a few ms short of the interval.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(950)
  })

  it('stops the background fill once nothing is owed', async () => {
    const { engine, scheduler, requests } = setUp({ total: 25, burst: 2, interval: 100 })
    await settle(scheduler.refresh())
    while (engine.hasMore) await settle(scheduler.loadMore())
    expect(requests).toHaveLength(3)
    engine.discontinuity()
    expect(engine.truncated).toBe(true)
    scheduler.wake()
    await vi.advanceTimersByTimeAsync(10_000)
    // All 25 items in pages of 10: three pages settle the unverified list, then nothing more.
    expect(requests).toHaveLength(3 + 3)
    expect(engine.truncated).toBe(false)
    expect(engine.hasMore).toBe(false)
  })

  it('backs off after failed background pages, growing and jittered, and recovers', async () => {
    let failing = true
    const { engine, scheduler, requests, settled } = setUp({ burst: 1, interval: 100, fail: () => failing })
    failing = false
    await settle(scheduler.refresh())
    failing = true
    engine.discontinuity()
    scheduler.wake()
    await vi.advanceTimersByTimeAsync(20)
    const firstFailure = requests.length
    await vi.advanceTimersByTimeAsync(10_000)
    const times = requests.slice(firstFailure - 1).map((request) => request.at)
    const delays = times.slice(1).map((time, i) => time - times[i]!)
    // With random() = 0.5: three quarters of 1 s, 2 s, 4 s (plus the 5 ms each request takes).
    expect(delays.slice(0, 3).map((delay) => Math.round(delay / 10) * 10)).toEqual([760, 1510, 3010])
    expect(settled.some(([action, error]) => action === 'background' && error instanceof Error)).toBe(true)
    failing = false
    await vi.advanceTimersByTimeAsync(60_000)
    expect(engine.truncated).toBe(false)
  })

  it('stop() cancels the timer and forgets requests in flight', async () => {
    const { engine, scheduler, requests } = setUp({ burst: 1, interval: 100 })
    await settle(scheduler.refresh())
    engine.discontinuity()
    scheduler.wake()
    scheduler.stop()
    expect(scheduler.active).toBe(0)
    await vi.advanceTimersByTimeAsync(5000)
    expect(requests).toHaveLength(1)
  })
})
