import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createWorkQueue } from '../../src/utils/workQueue'

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('createWorkQueue', () => {
  it('runs nothing in the task that queues, then everything in order in a later task, publishing once', () => {
    const done: number[] = []
    const afterSlice = vi.fn()
    const queue = createWorkQueue({ afterSlice })
    for (let n = 0; n < 100; n++) queue.push(() => done.push(n))
    expect(done).toEqual([])
    expect(vi.getTimerCount()).toBe(1)
    vi.advanceTimersToNextTimer()
    expect(done).toEqual(Array.from({ length: 100 }, (_, n) => n))
    expect(afterSlice).toHaveBeenCalledTimes(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('yields once a slice has used its budget, and publishes progress every 100 ms or so', () => {
    let now = 0
    vi.spyOn(performance, 'now').mockImplementation(() => now)
    const done: number[] = []
    const reports: number[] = []
    const queue = createWorkQueue({ budget: 8, afterSlice: () => reports.push(now) })
    // 1 ms per piece: 16 pieces (the clock is read every 16) per slice.
    for (let n = 0; n < 2000; n++) {
      queue.push(() => {
        now += 1
        done.push(n)
      })
    }
    vi.advanceTimersToNextTimer()
    expect(done).toHaveLength(16)
    expect(reports).toEqual([])
    let slices = 1
    while (vi.getTimerCount() > 0) {
      vi.advanceTimersToNextTimer()
      slices += 1
    }
    expect(slices).toBe(125)
    expect(done).toEqual(Array.from({ length: 2000 }, (_, n) => n))
    // 2,000 ms of work: progress once a slice ends 100 ms or more after the last report, and once at the end.
    expect(reports.at(-1)).toBe(2000)
    const gaps = reports.slice(1, -1).map((at, index) => at - reports[index]!)
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(100)
    for (const gap of gaps) expect(gap).toBeLessThan(100 + 16)
    expect(reports.length).toBeGreaterThanOrEqual(17)
  })

  it('keeps order for work queued while a slice runs, in the same slice', () => {
    const done: string[] = []
    const queue = createWorkQueue()
    queue.push(() => {
      done.push('a')
      queue.push(() => done.push('c'))
    })
    queue.push(() => done.push('b'))
    vi.advanceTimersToNextTimer()
    expect(done).toEqual(['a', 'b', 'c'])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('goes on after a piece that throws, and rethrows its error on its own', () => {
    const errors: unknown[] = []
    const microtask = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((callback) => {
      try {
        callback()
      } catch (error) {
        errors.push(error)
      }
    })
    const done: number[] = []
    const queue = createWorkQueue()
    queue.push(() => done.push(1))
    queue.push(() => {
      throw new Error('bad event')
    })
    queue.push(() => done.push(3))
    vi.advanceTimersToNextTimer()
    expect(done).toEqual([1, 3])
    expect(errors).toEqual([new Error('bad event')])
    expect(microtask).toHaveBeenCalledTimes(1)
  })

  it('clear() drops what is queued; work() starts on it in the current task', () => {
    const done: number[] = []
    const queue = createWorkQueue()
    queue.push(() => done.push(1))
    queue.clear()
    vi.runAllTimers()
    expect(done).toEqual([])

    queue.push(() => done.push(2))
    queue.work()
    expect(done).toEqual([2])
    expect(vi.getTimerCount()).toBe(0)
  })
})
