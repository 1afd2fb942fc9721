import { computed, onScopeDispose, shallowRef, watch, type Ref, type WatchSource } from 'vue'

type Locales = string | string[] | undefined

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>()
const absoluteFormats = new Map<string, Intl.DateTimeFormat>()

function cacheKey(locale: Locales): string {
  return Array.isArray(locale) ? locale.join(',') : (locale ?? '')
}

function relativeFormat(locale: Locales): Intl.RelativeTimeFormat {
  const key = cacheKey(locale)
  let format = relativeFormats.get(key)
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
    relativeFormats.set(key, format)
  }
  return format
}

function absoluteFormat(locale: Locales): Intl.DateTimeFormat {
  const key = cacheKey(locale)
  let format = absoluteFormats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
    absoluteFormats.set(key, format)
  }
  return format
}

/**
 * "now", "5 minutes ago", "yesterday", "in 2 hours"… for `iso` seen at `now`
 * (ms). Less than a minute reads as "now"; an invalid date gives `''`.
 */
export function formatRelativeTime(iso: string, now: number, locale?: Locales): string {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return ''
  const seconds = (time - now) / 1000
  const abs = Math.abs(seconds)
  for (const [unit, size] of UNITS) {
    if (abs >= size) return relativeFormat(locale).format(Math.trunc(seconds / size), unit)
  }
  return relativeFormat(locale).format(0, 'second')
}

/** Medium date and short time of `iso` in `locale`; `''` for an invalid date. */
export function formatAbsoluteTime(iso: string, locale?: Locales): string {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return ''
  return absoluteFormat(locale).format(time)
}

interface Clock {
  now: Ref<number>
  users: number
  timer: ReturnType<typeof setInterval> | undefined
}

const clocks = new Map<number, Clock>()

function acquire(interval: number): Clock {
  let clock = clocks.get(interval)
  if (!clock) {
    clock = { now: shallowRef(Date.now()), users: 0, timer: undefined }
    clocks.set(interval, clock)
  }
  clock.users += 1
  clock.now.value = Date.now()
  if (clock.timer === undefined) {
    const ticking = clock
    ticking.timer = setInterval(() => {
      ticking.now.value = Date.now()
    }, interval)
  }
  return clock
}

function release(clock: Clock, interval: number): void {
  clock.users -= 1
  if (clock.users > 0) return
  if (clock.timer !== undefined) clearInterval(clock.timer)
  clock.timer = undefined
  clocks.delete(interval)
}

/** Number of shared clocks currently ticking (for tests). */
export function activeClockCount(): number {
  let count = 0
  for (const clock of clocks.values()) if (clock.timer !== undefined) count += 1
  return count
}

/**
 * Current time in ms, refreshed every `interval` ms while `active` is true.
 * All callers with the same interval share one timer, which stops when the
 * last of them becomes inactive or its scope is disposed.
 */
export function useSharedNow(active: WatchSource<boolean>, interval: () => number): Readonly<Ref<number>> {
  const held = shallowRef<{ clock: Clock; interval: number } | undefined>()
  let last = Date.now()

  const drop = (): void => {
    const current = held.value
    if (!current) return
    last = current.clock.now.value
    release(current.clock, current.interval)
    held.value = undefined
  }

  watch(
    [active, interval],
    ([isActive, ms]) => {
      drop()
      // No timers while rendering on the server.
      if (!isActive || typeof window === 'undefined') return
      const every = Math.max(1000, ms)
      held.value = { clock: acquire(every), interval: every }
    },
    { immediate: true },
  )

  onScopeDispose(drop)
  return computed(() => held.value?.clock.now.value ?? last)
}
