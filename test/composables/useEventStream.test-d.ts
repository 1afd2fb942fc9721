import { describe, expectTypeOf, it } from 'vitest'
import { useEventStream, type EventData, type EventPayload } from '../../src/composables/useEventStream'
import type { EventStreamError } from '../../src/composables/EventStreamError'
import { FetchEventSource } from '../../src/transport/FetchEventSource'

interface Notification {
  id: string
  message: string
}

/** The README's event map. */
interface Events {
  notification: Notification
  'notification.read': { id: string; readAt: string }
  ping: null
}

describe('useEventStream types', () => {
  it('types data as the union of the payloads of a multi-event map', () => {
    const { data } = useEventStream<Events>('/stream')
    expectTypeOf(data.value).toEqualTypeOf<Notification | { id: string; readAt: string } | null | undefined>()
    const last = data.value
    if (last && 'message' in last) expectTypeOf(last.message).toEqualTypeOf<string>()
    expectTypeOf<EventData<{ message: { now: string } }>>().toEqualTypeOf<{ now: string }>()
  })

  it('keeps data unknown for an open map', () => {
    const { data } = useEventStream('/stream')
    expectTypeOf(data.value).toEqualTypeOf<unknown>()
  })

  it('gives on() handlers the payload of their event, and unknown for an undeclared message', () => {
    const { on } = useEventStream<Events>('/stream')
    on('notification', (payload, event) => {
      expectTypeOf(payload).toEqualTypeOf<Notification>()
      expectTypeOf(event).toEqualTypeOf<MessageEvent<string>>()
    })
    on('notification.read', (payload) => expectTypeOf(payload.readAt).toEqualTypeOf<string>())
    on('message', (payload) => expectTypeOf(payload).toEqualTypeOf<unknown>())
    expectTypeOf(on('ping', () => {})).toEqualTypeOf<() => void>()
    // @ts-expect-error not an event of the map
    on('notification.deleted', () => {})
    // @ts-expect-error payloads are typed
    on('notification', (payload) => payload.missing)
  })

  it('types parse as (data, eventType) => unknown', () => {
    useEventStream<Events>('/stream', {
      parse: (data, eventType) => {
        expectTypeOf(data).toEqualTypeOf<string>()
        expectTypeOf(eventType).toEqualTypeOf<string>()
        return data.length
      },
    })
    // @ts-expect-error the raw data is a string
    useEventStream<Events>('/stream', { parse: (data: number) => data })
  })

  it('takes validate checks only for events of the map (and message), each given unknown', () => {
    useEventStream<Events>('/stream', {
      validate: {
        notification: (payload) => {
          expectTypeOf(payload).toEqualTypeOf<unknown>()
          return typeof payload === 'object'
        },
        message: () => true,
      },
    })
    // @ts-expect-error not an event of the map
    useEventStream<Events>('/stream', { validate: { unknownEvent: () => true } })
    // @ts-expect-error a check returns a boolean
    useEventStream<Events>('/stream', { validate: { notification: () => 'yes' } })
  })

  it('takes events only from the map, and the fetch transport as EventSource', () => {
    useEventStream<Events>('/stream', { events: ['notification', 'message'], EventSource: FetchEventSource })
    // @ts-expect-error not an event of the map
    useEventStream<Events>('/stream', { events: ['notification.deleted'] })
    useEventStream<Events>('/stream', { stallTimeout: 'auto' })
    // @ts-expect-error 'auto' or a number of ms
    useEventStream<Events>('/stream', { stallTimeout: 'never' })
  })

  it('exposes errors with their kind and details', () => {
    const { error, onError } = useEventStream<Events>('/stream')
    expectTypeOf(error.value).toEqualTypeOf<EventStreamError | null>()
    onError((err) => {
      expectTypeOf(err.kind).toExtend<'unauthorized' | 'http' | 'connection' | string>()
      expectTypeOf(err.retryAfter).toEqualTypeOf<number | undefined>()
    })
    expectTypeOf<EventPayload<Events, 'ping'>>().toEqualTypeOf<null>()
  })
})
