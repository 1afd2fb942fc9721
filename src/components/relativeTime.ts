import { computed, onScopeDispose, shallowRef, watch, type Ref, type WatchSource } from 'vue'
import { whenIdle } from '../utils/whenIdle'
import type { NotificationTime } from './types'

type Locales = string | string[] | undefined

/** Largest unit first; a time difference is told in the first unit it reaches (sizes in seconds). */
const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]

/** Formatters by kind and locale: creating one is slow and every row needs two. */
const formats = new Map<string, Intl.RelativeTimeFormat | Intl.DateTimeFormat>()

function cachedFormat<T extends Intl.RelativeTimeFormat | Intl.DateTimeFormat>(key: string, create: () => T): T {
  let format = formats.get(key) as T | undefined
  if (!format) formats.set(key, (format = create()))
  return format
}

// A template literal joins a list of locales with commas, which keeps the keys distinct.
const relativeFormat = (locale: Locales): Intl.RelativeTimeFormat =>
  cachedFormat(`relative ${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }))

const absoluteFormat = (locale: Locales): Intl.DateTimeFormat =>
  cachedFormat(`absolute ${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }))

/**
 * Creates the formatters rows use for `locale` once the page is idle: the
 * first one of a page can take tens of milliseconds (locale data is loaded),
 * which the first opening of the panel would otherwise wait for.
 */
export function preloadTimeFormats(locale?: Locales): void {
  whenIdle(() => {
    relativeFormat(locale)
    absoluteFormat(locale)
  })
}

/** "now", "5 minutes ago", "yesterday", "in 2 hours"…: less than a minute reads as "now". */
function formatDistance(ms: number, locale: Locales): string {
  const seconds = ms / 1000
  const abs = Math.abs(seconds)
  for (const [unit, size] of UNITS) {
    if (abs >= size) return relativeFormat(locale).format(Math.trunc(seconds / size), unit)
  }
  return relativeFormat(locale).format(0, 'second')
}

/**
 * Times of a notification created at `iso`, seen at `now` (ms): relative to
 * `now` and as medium date and short time, both in `locale`, and both `''`
 * for an invalid date.
 */
export function formatNotificationTime(iso: string, now: number, locale?: Locales): NotificationTime {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return { datetime: iso, relative: '', absolute: '' }
  return {
    datetime: iso,
    relative: formatDistance(time - now, locale),
    absolute: absoluteFormat(locale).format(time),
  }
}

interface Clock {
  now: Ref<number>
  /** Users holding the clock; it stops and is forgotten when none is left. */
  users: number
  interval: number
  timer: ReturnType<typeof setInterval>
}

const clocks = new Map<number, Clock>()

function acquire(interval: number): Clock {
  let clock = clocks.get(interval)
  if (!clock) {
    const now = shallowRef(0)
    const timer = setInterval(() => {
      now.value = Date.now()
    }, interval)
    clock = { now, users: 0, interval, timer }
    clocks.set(interval, clock)
  }
  clock.users += 1
  clock.now.value = Date.now()
  return clock
}

function release(clock: Clock): void {
  clock.users -= 1
  if (clock.users > 0) return
  clearInterval(clock.timer)
  clocks.delete(clock.interval)
}

/** Number of shared clocks currently ticking (for tests). */
export function activeClockCount(): number {
  return clocks.size
}

/**
 * Current time in ms, refreshed every `interval` ms while `active` is true.
 * All callers with the same interval share one timer, which stops when the
 * last of them becomes inactive or its scope is disposed.
 */
export function useSharedNow(active: WatchSource<boolean>, interval: () => number): Readonly<Ref<number>> {
  const held = shallowRef<Clock | undefined>()
  let last = Date.now()

  const drop = (): void => {
    const clock = held.value
    if (!clock) return
    last = clock.now.value
    release(clock)
    held.value = undefined
  }

  watch(
    [active, interval],
    ([isActive, ms]) => {
      drop()
      // No timers while rendering on the server.
      if (!isActive || typeof window === 'undefined') return
      held.value = acquire(Math.max(1000, ms))
    },
    { immediate: true },
  )

  onScopeDispose(drop)
  return computed(() => held.value?.now.value ?? last)
}
