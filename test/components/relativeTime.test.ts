import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { activeClockCount, formatNotificationTime, useSharedNow } from '../../src/components/relativeTime'

const NOW = Date.parse('2026-03-10T12:00:00Z')
const ago = (ms: number): string => new Date(NOW - ms).toISOString()
const relative = (iso: string, locale: string | string[]): string => formatNotificationTime(iso, NOW, locale).relative

describe('formatNotificationTime', () => {
  it.each([
    [0, 'now'],
    [30_000, 'now'],
    [60_000, '1 minute ago'],
    [5 * 60_000 + 59_000, '5 minutes ago'],
    [3600_000, '1 hour ago'],
    [23 * 3600_000, '23 hours ago'],
    [24 * 3600_000, 'yesterday'],
    [3 * 24 * 3600_000, '3 days ago'],
    [7 * 24 * 3600_000, 'last week'],
    [60 * 24 * 3600_000, '2 months ago'],
    [400 * 24 * 3600_000, 'last year'],
    [-2 * 3600_000, 'in 2 hours'],
  ])('%d ms ago reads %j', (delta, expected) => {
    expect(relative(ago(delta), 'en')).toBe(expected)
  })

  it('uses the locale', () => {
    expect(relative(ago(3 * 60_000), 'de')).toBe('vor 3 Minuten')
    expect(relative(ago(24 * 3600_000), ['fr', 'en'])).toBe('hier')
  })

  it('gives empty texts for an invalid date', () => {
    expect(formatNotificationTime('not a date', NOW, 'en')).toEqual({ datetime: 'not a date', relative: '', absolute: '' })
  })

  it('keeps the timestamp and formats the absolute time', () => {
    const time = formatNotificationTime('2026-03-10T12:00:00Z', NOW, 'en')
    expect(time.datetime).toBe('2026-03-10T12:00:00Z')
    expect(time.absolute).toMatch(/2026/)
  })
})

describe('useSharedNow', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('ticks only while active and shares one timer', async () => {
    vi.useFakeTimers({ now: NOW })
    const active = ref(false)
    const scopeA = effectScope()
    const scopeB = effectScope()
    const a = scopeA.run(() => useSharedNow(active, () => 30_000))!
    const b = scopeB.run(() => useSharedNow(() => true, () => 30_000))!
    expect(activeClockCount()).toBe(1)

    active.value = true
    await nextTick()
    expect(activeClockCount()).toBe(1)

    vi.advanceTimersByTime(30_000)
    expect(a.value).toBe(NOW + 30_000)
    expect(b.value).toBe(NOW + 30_000)

    active.value = false
    await nextTick()
    vi.advanceTimersByTime(30_000)
    expect(a.value).toBe(NOW + 30_000)
    expect(b.value).toBe(NOW + 60_000)

    scopeB.stop()
    expect(activeClockCount()).toBe(0)
    scopeA.stop()
    expect(vi.getTimerCount()).toBe(0)
  })
})
