import { onScopeDispose, shallowRef, type Ref } from 'vue'

export interface ThrottledAnnouncer {
  /** Text for a polite live region. */
  message: Readonly<Ref<string>>
  /** Counts `count` more new things; they are announced together. */
  add: (count: number) => void
}

/**
 * Collects counts and turns them into at most one announcement per
 * `interval()` ms. An announcement waits until nothing new came for `settle`
 * ms (at most `interval()` ms after the first count it holds), so a burst,
 * even one that takes a while to arrive, is summarised ("10000 new
 * notifications") instead of announced piece by piece.
 */
export function useThrottledAnnouncer(
  format: (count: number) => string,
  interval: () => number,
  settle = 400,
): ThrottledAnnouncer {
  const message = shallowRef('')
  let pending = 0
  let lastAt = -Infinity
  /** When the first of the pending counts came. */
  let firstAt = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  const flush = (): void => {
    timer = undefined
    const text = format(pending)
    pending = 0
    lastAt = Date.now()
    // A live region only speaks when its text changes: vary repeated messages.
    message.value = text === message.value ? `${text}\u00A0` : text
  }

  const add = (count: number): void => {
    if (!(count > 0)) return
    const now = Date.now()
    if (pending === 0) firstAt = now
    pending += count
    // Set only while counts are pending, so `pending` is never 0 when it fires.
    clearTimeout(timer)
    const due = Math.max(Math.min(now + settle, firstAt + interval()), lastAt + interval())
    timer = setTimeout(flush, due - now)
  }

  // The timer stays set, so nothing is scheduled after the scope is gone.
  onScopeDispose(() => clearTimeout(timer))

  // The type keeps callers from writing the message.
  return { message, add }
}
