import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { useThrottledAnnouncer } from '../../src/components/useThrottledAnnouncer'

const format = (count: number): string => `${count} new`

describe('useThrottledAnnouncer', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('summarises a burst and then announces at most once per interval', () => {
    const scope = effectScope()
    const announcer = scope.run(() => useThrottledAnnouncer(format, () => 5000, 400))!
    announcer.add(1)
    announcer.add(1)
    expect(announcer.message.value).toBe('')
    vi.advanceTimersByTime(400)
    expect(announcer.message.value).toBe('2 new')

    announcer.add(1)
    vi.advanceTimersByTime(1000)
    announcer.add(2)
    vi.advanceTimersByTime(3000)
    expect(announcer.message.value).toBe('2 new')
    vi.advanceTimersByTime(999)
    expect(announcer.message.value).toBe('2 new')
    vi.advanceTimersByTime(1)
    expect(announcer.message.value).toBe('3 new')
    scope.stop()
  })

  it('waits for a burst that arrives in parts to end, but not longer than the interval', () => {
    const scope = effectScope()
    const announcer = scope.run(() => useThrottledAnnouncer(format, () => 5000, 400))!
    for (let part = 0; part < 5; part++) {
      announcer.add(1000)
      vi.advanceTimersByTime(300)
    }
    expect(announcer.message.value).toBe('')
    vi.advanceTimersByTime(100)
    expect(announcer.message.value).toBe('5000 new')

    // Parts that keep coming are announced once the interval since the last announcement is over.
    for (let part = 0; part < 16; part++) {
      announcer.add(1)
      vi.advanceTimersByTime(300)
    }
    expect(announcer.message.value).toBe('5000 new')
    announcer.add(1)
    vi.advanceTimersByTime(200)
    expect(announcer.message.value).toBe('17 new')
    scope.stop()
  })

  it('changes the text of a repeated message so it is spoken again', () => {
    const scope = effectScope()
    const announcer = scope.run(() => useThrottledAnnouncer(format, () => 1000, 0))!
    announcer.add(1)
    vi.advanceTimersByTime(0)
    const first = announcer.message.value
    announcer.add(1)
    vi.advanceTimersByTime(1000)
    expect(announcer.message.value).not.toBe(first)
    expect(announcer.message.value.trim()).toBe('1 new')
    scope.stop()
  })

  it('ignores zero counts and clears its timer when the scope stops', () => {
    const scope = effectScope()
    const announcer = scope.run(() => useThrottledAnnouncer(format, () => 1000))!
    announcer.add(0)
    expect(vi.getTimerCount()).toBe(0)
    announcer.add(3)
    expect(vi.getTimerCount()).toBe(1)
    scope.stop()
    expect(vi.getTimerCount()).toBe(0)
  })
})
