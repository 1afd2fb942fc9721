/**
 * Runs `callback` once the page is idle (at the latest after `timeout` ms),
 * for work that must not compete with the page's first load; after 200 ms
 * where there is no `requestIdleCallback` (Safari). Does nothing without a window.
 */
export function whenIdle(callback: () => void, timeout = 2000): void {
  if (typeof window === 'undefined') return
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(callback, { timeout })
  else setTimeout(callback, 200)
}
