/**
 * The page of the transport-burst benchmark: one `useEventStream` on the
 * browser's EventSource or on `FetchEventSource`, the same handler work per
 * event, and the page's long tasks and frame gaps while a burst arrives.
 */
import { effectScope } from 'vue'
import { useEventStream } from '../../src/composables/useEventStream'
import { FetchEventSource } from '../../src/transport/FetchEventSource'

export interface BurstResult {
  /** From the first to the last event handled, ms. */
  elapsed: number
  longestTask: number
  /** Tasks of 50 ms or more. */
  longTasks: number
  longestFrameGap: number
}

async function burst(transport: 'native' | 'fetch', url: string, count: number, workPerEvent: number): Promise<BurstResult> {
  const tasks: number[] = []
  new PerformanceObserver((list) => tasks.push(...list.getEntries().map((entry) => entry.duration))).observe({ type: 'longtask' })
  let longestFrameGap = 0
  let lastFrame = performance.now()
  let measuring = true
  const frame = (now: number) => {
    longestFrameGap = Math.max(longestFrameGap, now - lastFrame)
    lastFrame = now
    if (measuring) requestAnimationFrame(frame)
  }
  requestAnimationFrame(frame)

  const scope = effectScope()
  const done = new Promise<{ first: number; last: number }>((resolve) => {
    scope.run(() => {
      const stream = useEventStream(url, {
        events: ['notification'],
        stallTimeout: 0,
        ...(transport === 'fetch' ? { EventSource: FetchEventSource } : {}),
      })
      let handled = 0
      let first = 0
      stream.on('notification', () => {
        if (handled === 0) first = performance.now()
        for (const start = performance.now(); performance.now() - start < workPerEvent; );
        if (++handled === count) resolve({ first, last: performance.now() })
      })
    })
  })
  const { first, last } = await done
  // Let the last task end and its frame be drawn before reading the figures.
  await new Promise((resolve) => setTimeout(resolve, 200))
  measuring = false
  scope.stop()
  return {
    elapsed: last - first,
    longestTask: Math.max(0, ...tasks),
    longTasks: tasks.length,
    longestFrameGap,
  }
}

Object.assign(window, { burst })
