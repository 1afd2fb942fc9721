/**
 * In-page recorder shared by both benchmark pages. A MutationObserver notes,
 * on the page's clock (`performance.timeOrigin + performance.now()`), every
 * time the badge shows a higher count and when the newest expected message is
 * in the list; a PerformanceObserver collects long tasks, and a
 * requestAnimationFrame loop records the longest gap between two frames.
 */
export interface BenchProbe {
  /** Page clock, comparable with the Node clock after the offset is measured. */
  now(): number
  /** `[time, count]`, one entry per increase of the badge count. */
  counts: [number, number][]
  /** Message the runner waits for at the top of the list, and when it first appeared there. */
  expectTop: string | null
  topSeenAt: number | null
  longTasks: { start: number; duration: number }[]
  /** Longest gap between frames since `resetFrames()`, in ms. */
  maxFrameGap: number
  resetFrames(): void
  /** Number of notification rows in the DOM. */
  rows(): number
}

declare global {
  interface Window {
    __bench?: BenchProbe
  }
}

export function installProbe(selectors: { badge: string; message: string }): BenchProbe {
  const now = (): number => performance.timeOrigin + performance.now()
  let lastCount = 0
  let lastFrame: number | null = null
  const probe: BenchProbe = {
    now,
    counts: [],
    expectTop: null,
    topSeenAt: null,
    longTasks: [],
    maxFrameGap: 0,
    resetFrames() {
      probe.maxFrameGap = 0
      lastFrame = null
    },
    rows: () => document.querySelectorAll(selectors.message).length,
  }

  const observer = new MutationObserver(() => {
    const at = now()
    const text = document.querySelector(selectors.badge)?.textContent ?? ''
    const count = Number.parseInt(text.replace(/\D/g, ''), 10)
    if (count > lastCount) {
      lastCount = count
      probe.counts.push([at, count])
    }
    if (probe.expectTop !== null && probe.topSeenAt === null) {
      if (document.querySelector(selectors.message)?.textContent?.trim() === probe.expectTop) probe.topSeenAt = at
    }
  })
  observer.observe(document.body, { childList: true, subtree: true, characterData: true })

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      probe.longTasks.push({ start: performance.timeOrigin + entry.startTime, duration: entry.duration })
    }
  }).observe({ type: 'longtask', buffered: true })

  const frame = (time: number): void => {
    if (lastFrame !== null) probe.maxFrameGap = Math.max(probe.maxFrameGap, time - lastFrame)
    lastFrame = time
    requestAnimationFrame(frame)
  }
  requestAnimationFrame(frame)

  window.__bench = probe
  return probe
}
