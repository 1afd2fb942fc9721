import { afterEach, beforeEach, vi } from 'vitest'
import { effectScope } from 'vue'
import { useEventStream, type UseEventStreamOptions, type UseEventStreamReturn } from '../../src/composables/useEventStream'
import { FakeEventSource } from './FakeEventSource'

const scopes: ReturnType<typeof effectScope>[] = []

/** `useEventStream` on a `FakeEventSource` in its own effect scope, stopped by `unmountStreams()`. */
export function mountStream<Events extends object = Record<string, unknown>>(
  url: Parameters<typeof useEventStream>[0] = 'https://example.test/stream',
  options: UseEventStreamOptions<Events> = {},
): UseEventStreamReturn<Events> {
  const scope = effectScope()
  scopes.push(scope)
  const stream = scope.run(() => useEventStream<Events>(url, { EventSource: FakeEventSource, ...options }))
  if (!stream) throw new Error('scope did not run')
  return stream
}

export function unmountStreams(): void {
  for (const scope of scopes.splice(0)) scope.stop()
}

/** Lets a failure's diagnosis (a module loaded on first use) finish. */
export async function diagnosed(): Promise<void> {
  await vi.dynamicImportSettled()
  for (let i = 0; i < 20; i++) await Promise.resolve()
}

/** Delay until the next EventSource is created, measured with fake timers (ms resolution). */
export function measureNextDelay(limit = 120_000): number {
  const before = FakeEventSource.instances.length
  for (let elapsed = 0; elapsed <= limit; elapsed++) {
    vi.advanceTimersByTime(elapsed === 0 ? 0 : 1)
    if (FakeEventSource.instances.length > before) return elapsed
  }
  throw new Error(`no reconnection within ${limit} ms`)
}

/** A page visibility change, as browsers fire it (bubbling to the window). */
export function setVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
}

/** Fake timers and fresh fake EventSources for each test of the file; streams unmounted after each. */
export function setUpFakeStreams(): void {
  beforeEach(() => {
    FakeEventSource.reset()
    vi.useFakeTimers()
  })
  afterEach(() => {
    unmountStreams()
    vi.useRealTimers()
    setVisibility('visible')
  })
}
