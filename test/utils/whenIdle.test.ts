import { afterEach, describe, expect, it, vi } from 'vitest'
import { whenIdle } from '../../src/utils/whenIdle'

const original = Object.getOwnPropertyDescriptor(window, 'requestIdleCallback')

afterEach(() => {
  vi.useRealTimers()
  if (original) Object.defineProperty(window, 'requestIdleCallback', original)
  else Reflect.deleteProperty(window, 'requestIdleCallback')
})

describe('whenIdle', () => {
  it('hands the callback to requestIdleCallback with a deadline', () => {
    const requested: [IdleRequestCallback, IdleRequestOptions | undefined][] = []
    Object.defineProperty(window, 'requestIdleCallback', {
      configurable: true,
      value: (callback: IdleRequestCallback, options?: IdleRequestOptions) => requested.push([callback, options]),
    })
    const callback = vi.fn()
    whenIdle(callback, 1500)
    expect(callback).not.toHaveBeenCalled()
    expect(requested.map(([, options]) => options)).toEqual([{ timeout: 1500 }])
    requested[0]![0]({ didTimeout: false, timeRemaining: () => 10 })
    expect(callback).toHaveBeenCalledTimes(1)
  })

  it('runs it after 200 ms where there is no requestIdleCallback', () => {
    Object.defineProperty(window, 'requestIdleCallback', { configurable: true, value: undefined })
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    const callback = vi.fn()
    whenIdle(callback)
    vi.advanceTimersByTime(199)
    expect(callback).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(callback).toHaveBeenCalledTimes(1)
  })
})
