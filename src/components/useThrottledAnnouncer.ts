import { onScopeDispose, shallowRef, type Ref } from 'vue'

export interface ThrottledAnnouncer {
  /** Text for a polite live region. */
  message: Readonly<Ref<string>>
  /** Counts `count` more new things; they are announced together. */
  add: (count: number) => void
}

/**
 * Collects counts and turns them into at most one announcement per
 * `interval()` ms. The first one waits `settle` ms so a burst is summarised
 * ("3 new notifications") instead of announced item by item.
 */
export function useThrottledAnnouncer(
  format: (count: number) => string,
  interval: () => number,
  settle = 400,
): ThrottledAnnouncer {
  const message = shallowRef('')
  let pending = 0
  let lastAt = -Infinity
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
    pending += count
    // A timer is only set while none is waiting, so `pending` is never 0 when it fires.
    timer ??= setTimeout(flush, Math.max(settle, lastAt + interval() - Date.now()))
  }

  // The timer stays set, so nothing is scheduled after the scope is gone.
  onScopeDispose(() => clearTimeout(timer))

  // The type keeps callers from writing the message.
  return { message, add }
}
