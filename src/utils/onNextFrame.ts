/**
 * Runs `callback` once, before the next frame is painted, or within `fallback`
 * ms when no frame is coming (a hidden tab, Node, SSR): many changes in one
 * task or frame then cost one render. Returns a cancel function.
 */
export function onNextFrame(callback: () => void, fallback = 50): () => void {
  let done = false
  const run = (): void => {
    if (done) return
    done = true
    cancel()
    callback()
  }
  const visible = typeof document !== 'undefined' && document.visibilityState === 'visible'
  const frame = visible && typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : undefined
  // A frame may never come (the tab is hidden meanwhile); the timer bounds the wait.
  const timer = setTimeout(run, frame === undefined ? 0 : fallback)
  function cancel(): void {
    done = true
    if (frame !== undefined) cancelAnimationFrame(frame)
    clearTimeout(timer)
  }
  return cancel
}
