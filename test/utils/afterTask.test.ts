import { afterEach, describe, expect, it, vi } from 'vitest'
import { afterTask, nextTask } from '../../src/utils/afterTask'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('afterTask', () => {
  it('runs the callback in a later task, after the current one and its microtasks', async () => {
    const order: string[] = []
    afterTask(() => order.push('task'))
    queueMicrotask(() => order.push('microtask'))
    order.push('now')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(order).toEqual(['now', 'microtask', 'task'])
  })

  it('uses scheduler.postTask where there is one, and aborts it when cancelled', async () => {
    const posted: { callback: () => void; signal?: AbortSignal }[] = []
    vi.stubGlobal('scheduler', {
      postTask: (callback: () => void, options?: { signal?: AbortSignal }) => {
        posted.push({ callback, signal: options?.signal })
        return new Promise(() => {})
      },
    })
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    const callback = vi.fn()
    const cancel = afterTask(callback)
    expect(posted).toHaveLength(1)
    expect(vi.getTimerCount()).toBe(0)
    cancel()
    expect(posted[0]?.signal?.aborted).toBe(true)
  })

  it('falls back to a zero timeout, which cancel clears', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const callback = vi.fn()
    const cancel = afterTask(callback)
    expect(vi.getTimerCount()).toBe(1)
    cancel()
    vi.runAllTimers()
    expect(callback).not.toHaveBeenCalled()
    afterTask(callback)
    vi.runAllTimers()
    expect(callback).toHaveBeenCalledTimes(1)
  })

  it('nextTask() resolves in a later task', async () => {
    let resolved = false
    const waiting = nextTask().then(() => (resolved = true))
    await Promise.resolve()
    expect(resolved).toBe(false)
    await waiting
    expect(resolved).toBe(true)
  })
})
