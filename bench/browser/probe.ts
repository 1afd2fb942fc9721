/**
 * In-page recorder shared by the benchmark pages. A MutationObserver notes,
 * on the page's clock (`performance.timeOrigin + performance.now()`), every
 * time the badge shows a higher count and when the newest expected message is
 * in the list; a PerformanceObserver collects long tasks, a
 * requestAnimationFrame loop records the longest gap between two frames, and
 * Element Timing gives the time the first list row was painted.
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
  /** Longest long task that started at or after `since` (0: none of 50 ms or more). */
  longestTask(since: number): number
  /** Long tasks that started at or after `since`. */
  longTaskCount(since: number): number
  /** Longest gap between frames since `resetFrames()`, in ms. */
  maxFrameGap: number
  resetFrames(): void
  /** Number of notification rows in the DOM. */
  rows(): number
  /** When the first row added to the DOM after `watchPaint()` was painted (Element Timing), or `null`. */
  paintedAt: number | null
  /** First task after the frame that followed that row's insertion: an upper bound of its paint, or `null`. */
  frameAfterRowAt: number | null
  watchPaint(): void
}

declare global {
  interface Window {
    __bench?: BenchProbe
  }
}

const PAINT_ID = 'bench-first-row'

export function installProbe(selectors: { badge: string; message: string }): BenchProbe {
  const now = (): number => performance.timeOrigin + performance.now()
  let lastCount = 0
  let lastFrame: number | null = null
  let watchingPaint = false
  const probe: BenchProbe = {
    now,
    counts: [],
    expectTop: null,
    topSeenAt: null,
    longTasks: [],
    longestTask: (since) => Math.max(0, ...probe.longTasks.filter((task) => task.start >= since).map((task) => task.duration)),
    longTaskCount: (since) => probe.longTasks.filter((task) => task.start >= since).length,
    maxFrameGap: 0,
    resetFrames() {
      probe.maxFrameGap = 0
      lastFrame = null
    },
    rows: () => document.querySelectorAll(selectors.message).length,
    paintedAt: null,
    frameAfterRowAt: null,
    watchPaint() {
      probe.paintedAt = null
      probe.frameAfterRowAt = null
      watchingPaint = true
    },
  }

  const observer = new MutationObserver(() => {
    const at = now()
    const text = document.querySelector(selectors.badge)?.textContent ?? ''
    const count = Number.parseInt(text.replace(/\D/g, ''), 10)
    if (count > lastCount) {
      lastCount = count
      probe.counts.push([at, count])
    }
    const top = document.querySelector(selectors.message)
    if (probe.expectTop !== null && probe.topSeenAt === null && top?.textContent?.trim() === probe.expectTop) {
      probe.topSeenAt = at
    }
    if (watchingPaint && top) {
      watchingPaint = false
      // Set before the frame is painted (mutation callbacks run first), so Element Timing reports this row.
      top.setAttribute('elementtiming', PAINT_ID)
      // rAF callbacks run before the frame is rendered; a task queued from one runs after it.
      requestAnimationFrame(() => setTimeout(() => (probe.frameAfterRowAt = now()), 0))
    }
  })
  observer.observe(document.body, { childList: true, subtree: true, characterData: true })

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      probe.longTasks.push({ start: performance.timeOrigin + entry.startTime, duration: entry.duration })
    }
  }).observe({ type: 'longtask', buffered: true })

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { identifier?: string; renderTime?: number })[]) {
      if (entry.identifier === PAINT_ID && probe.paintedAt === null) {
        probe.paintedAt = performance.timeOrigin + (entry.renderTime || entry.startTime)
      }
    }
  }).observe({ type: 'element', buffered: true })

  const frame = (time: number): void => {
    if (lastFrame !== null) probe.maxFrameGap = Math.max(probe.maxFrameGap, time - lastFrame)
    lastFrame = time
    requestAnimationFrame(frame)
  }
  requestAnimationFrame(frame)

  window.__bench = probe
  return probe
}
