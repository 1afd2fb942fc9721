// @vitest-environment node
import { EventSource } from 'eventsource'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { useEventStream, type UseEventStreamOptions } from '../../src/composables/useEventStream'
import { SseTestServer } from '../support/sseServer'

interface Events {
  notification: { n: number }
}

let server: SseTestServer
let scope: ReturnType<typeof effectScope>

beforeEach(async () => {
  server = new SseTestServer()
  await server.start()
  scope = effectScope()
})

afterEach(async () => {
  scope.stop()
  await server.stop()
})

function connect(options: UseEventStreamOptions<Events> = {}) {
  const stream = scope.run(() =>
    useEventStream<Events>(server.url, {
      EventSource,
      events: ['notification'],
      backoff: { initial: 50, max: 200, random: () => 1 },
      ...options,
    }),
  )
  if (!stream) throw new Error('scope did not run')
  const received: number[] = []
  stream.on('notification', (payload) => received.push(payload.n))
  return { stream, received }
}

function publishRange(from: number, to: number): void {
  for (let n = from; n <= to; n++) server.publish({ n }, 'notification')
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

describe('useEventStream against a real SSE server', () => {
  it('resumes from the last event id after a server restart: no loss, no duplicates', async () => {
    const { stream, received } = connect()
    await vi.waitFor(() => expect(stream.status.value).toBe('open'))
    publishRange(1, 5)
    await vi.waitFor(() => expect(received).toHaveLength(5))

    await server.stop()
    await vi.waitFor(() => expect(stream.status.value).toBe('reconnecting'))
    publishRange(6, 8)
    await server.start()
    await vi.waitFor(() => expect(stream.status.value).toBe('open'), { timeout: 5000 })
    publishRange(9, 10)

    await vi.waitFor(() => expect(received).toHaveLength(10), { timeout: 5000 })
    expect(received).toEqual(range(1, 10))
    expect(stream.lastEventId.value).toBe('10')
    const resumed = server.requests.filter((request) => request.status === 200).at(-1)
    expect(resumed?.header ?? resumed?.query).toBe('5')
  })

  it('opens a new EventSource with ?lastEventId= when the native one gives up (503 on restart)', async () => {
    const { stream, received } = connect()
    await vi.waitFor(() => expect(stream.status.value).toBe('open'))
    publishRange(1, 3)
    await vi.waitFor(() => expect(received).toHaveLength(3))

    server.refusals.push(503, 503)
    await server.restart()
    publishRange(4, 6)

    await vi.waitFor(() => expect(received).toHaveLength(6), { timeout: 5000 })
    expect(received).toEqual(range(1, 6))
    const statuses = server.requests.map((request) => request.status)
    expect(statuses).toEqual([200, 503, 503, 200])
    const resumed = server.requests.at(-1)
    expect(resumed?.query).toBe('3')
    expect(server.openStreams).toBe(1)
  })

  it('reports malformed JSON and keeps the same stream open', async () => {
    const { stream, received } = connect()
    await vi.waitFor(() => expect(stream.status.value).toBe('open'))
    server.publish('{"n": oops', 'notification')
    server.publish({ n: 2 }, 'notification')
    await vi.waitFor(() => expect(received).toEqual([2]))
    expect(stream.error.value?.data).toBe('{"n": oops')
    const errors: string[] = []
    stream.onError((error) => errors.push(error.kind))
    server.publish('not json at all', 'notification')
    server.publish({ n: 3 }, 'notification')
    await vi.waitFor(() => expect(received).toEqual([2, 3]))
    expect(errors).toEqual(['parse'])
    expect(stream.error.value?.kind).toBe('parse')
    expect(stream.status.value).toBe('open')
    expect(server.requests).toHaveLength(1)
  })

  it('stops for good when the server answers 204', async () => {
    server.refusals.push(204)
    const { stream } = connect()
    await vi.waitFor(() => expect(stream.status.value).toBe('closed'))
    expect(stream.error.value).toMatchObject({ kind: 'http', status: 204, fatal: true })
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(server.requests).toHaveLength(1)
  })

  it('backs off with growing delays while the server answers 503, then recovers', async () => {
    server.refusals.push(503, 503, 503)
    const { stream, received } = connect({ backoff: { initial: 100, max: 1000, random: () => 1 } })
    await vi.waitFor(() => expect(stream.status.value).toBe('open'), { timeout: 5000 })
    expect(server.requests.map((request) => request.status)).toEqual([503, 503, 503, 200])
    const gaps = server.requests.slice(1).map((request, i) => request.at - (server.requests[i]?.at ?? 0))
    // Ceilings are 100, 200, 400 ms; with random() = 1 each delay is its ceiling.
    expect(gaps[0]).toBeGreaterThanOrEqual(90)
    expect(gaps[1]).toBeGreaterThanOrEqual(190)
    expect(gaps[2]).toBeGreaterThanOrEqual(390)
    expect(stream.attempt.value).toBe(3)
    server.publish({ n: 1 }, 'notification')
    await vi.waitFor(() => expect(received).toEqual([1]))
  })
})
