/**
 * Runs in the browser page of the stream tests: `useEventStream` (and the fetch
 * transport) driven from the test through `window.streamHarness`.
 */
import { effectScope, watch } from 'vue'
import { useEventStream, type EventStreamStatus, type UseEventStreamOptions } from '../../src/composables/useEventStream'
import { FetchEventSource } from '../../src/transport/FetchEventSource'

/** What the test may set: plain data, since it crosses into the page as JSON. */
export interface HarnessOptions extends Omit<UseEventStreamOptions<Record<string, unknown>>, 'EventSource' | 'eventSourceInit'> {
  /** Use the fetch transport instead of the browser's EventSource. */
  transport?: boolean
  /** Request headers for the fetch transport. */
  headers?: Record<string, string>
  /** Busy work (ms) per handled event, as a store update would cost. */
  workPerEvent?: number
}

export interface HarnessSnapshot {
  status: EventStreamStatus
  statuses: EventStreamStatus[]
  attempt: number
  lastEventId: string | undefined
  /** Events handled, with the page time they were handled at. */
  received: { type: string; data: unknown; lastEventId: string; at: number }[]
  error: { kind: string; message: string; status?: number; retryAfter?: number; fatal: boolean } | null
  errors: string[]
}

let scope: ReturnType<typeof effectScope> | undefined
let snapshot: () => HarnessSnapshot = () => {
  throw new Error('no stream started')
}

function start(url: string, { transport, headers, workPerEvent = 0, ...options }: HarnessOptions = {}): void {
  scope?.stop()
  scope = effectScope()
  scope.run(() => {
    const stream = useEventStream(url, {
      ...options,
      ...(transport ? { EventSource: FetchEventSource, eventSourceInit: { headers } } : {}),
    })
    const statuses: EventStreamStatus[] = []
    const received: HarnessSnapshot['received'] = []
    const errors: string[] = []
    watch(stream.status, (status) => statuses.push(status), { immediate: true, flush: 'sync' })
    for (const type of ['message', ...(options.events ?? [])]) {
      stream.on(type, (data, event) => {
        received.push({ type, data, lastEventId: event.lastEventId, at: performance.now() })
        for (const started = performance.now(); performance.now() - started < workPerEvent; );
      })
    }
    stream.onError((error) => errors.push(error.kind))
    snapshot = () => {
      const error = stream.error.value
      return {
        status: stream.status.value,
        statuses: [...statuses],
        attempt: stream.attempt.value,
        lastEventId: stream.lastEventId.value,
        received: [...received],
        error: error && {
          kind: error.kind,
          message: error.message,
          status: error.status,
          retryAfter: error.retryAfter,
          fatal: error.fatal,
        },
        errors: [...errors],
      }
    }
  })
}

declare global {
  interface Window {
    streamHarness: { start: typeof start; snapshot: () => HarnessSnapshot; stop: () => void }
  }
}

window.streamHarness = { start, snapshot: () => snapshot(), stop: () => scope?.stop() }
