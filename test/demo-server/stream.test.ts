// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import type { DemoNotification } from '../../demo/server/contract-server.mjs'
import { RawStream, listenWithEventSource, postJson, start, waitFor } from './helpers'
import type { Started } from './helpers'

let server: Started | undefined
const cleanups: (() => void)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup()
  await server?.close()
  server = undefined
})

async function boot(options: Parameters<typeof start>[0] = {}): Promise<Started> {
  server = await start(options)
  return server
}

async function raw(url: string, headers?: Record<string, string>): Promise<RawStream> {
  const stream = await RawStream.open(url, headers)
  cleanups.push(() => stream.close())
  return stream
}

describe('notification stream', () => {
  it('answers with SSE headers, retry, and broadcasts a created notification', async () => {
    const { url, demo } = await boot({ retryMs: 1000 })
    const stream = await raw(`${url}/api/notifications/stream`)
    expect(stream.response.status).toBe(200)
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(stream.response.headers.get('cache-control')).toBe('no-store')
    expect(stream.response.headers.get('x-accel-buffering')).toBe('no')
    await waitFor(() => stream.frames.length > 0, 2000, 'retry preamble')
    expect(stream.frames[0]?.retry).toBe(1000)
    await waitFor(() => demo.stats().streams === 1)

    const created = await postJson(`${url}/api/notifications`, { message: 'Hello', title: 'Hi', link: '/x' })
    expect(created.status).toBe(201)
    const [event] = await stream.waitForEvents(1)
    expect(stream.syncs).toEqual([{ replayed: false }])
    expect(event).toMatchObject({ event: 'notification', id: '1' })
    expect(JSON.parse(event?.data ?? '')).toEqual(created.body)
  })

  it('is received by an EventSource client, with increasing ids', async () => {
    const { url, demo } = await boot()
    const client = listenWithEventSource(`${url}/api/notifications/stream`)
    cleanups.push(() => client.source.close())
    await waitFor(() => client.opens() === 1 && demo.stats().streams === 1)

    const first = await demo.publish({ message: 'one' })
    await demo.publish({ message: 'two' })
    await waitFor(() => client.received.length === 2)
    expect(client.received.map((event) => event.id)).toEqual(['1', '2'])
    expect(client.received[0]).toEqual({ type: 'notification', id: '1', data: first })
  })

  it('replays exactly the missed events after ?lastEventId=', async () => {
    const { url, demo } = await boot()
    for (let index = 1; index <= 5; index++) await demo.publish({ message: `m${index}` })
    const stream = await raw(`${url}/api/notifications/stream?lastEventId=2`)
    const events = await stream.waitForEvents(3)
    expect(stream.syncs).toEqual([{ replayed: true }])
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(stream.events.map((event) => event.id)).toEqual(['3', '4', '5'])
    expect(events.map((event) => (JSON.parse(event.data) as DemoNotification).message)).toEqual(['m3', 'm4', 'm5'])

    await demo.publish({ message: 'm6' })
    await stream.waitForEvents(4)
    expect(stream.events.map((event) => event.id)).toEqual(['3', '4', '5', '6'])
  })

  it('replays after the Last-Event-ID header, which wins over the query', async () => {
    const { url, demo } = await boot()
    await demo.publish({ message: 'a' })
    await demo.markRead('n1')
    await demo.publish({ message: 'b' })
    await demo.markAllRead()

    const byHeader = await raw(`${url}/api/notifications/stream?lastEventId=3`, { 'Last-Event-ID': '1' })
    const both = await raw(`${url}/api/notifications/stream?lastEventId=1`, { 'Last-Event-ID': '3' })
    await byHeader.waitForEvents(3)
    await both.waitForEvents(1)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(byHeader.events.map((event) => [event.id, event.event])).toEqual([
      ['2', 'notification.read'],
      ['3', 'notification'],
      ['4', 'notifications.read-all'],
    ])
    expect(both.events.map((event) => event.id)).toEqual(['4'])
  })

  it('starts live without replay when the id is older than the log, unknown, or absent', async () => {
    const { url, demo } = await boot({ eventLogSize: 3 })
    for (let index = 1; index <= 6; index++) await demo.publish({ message: `m${index}` })
    expect(demo.stats().loggedEvents).toBe(3)

    const tooOld = await raw(`${url}/api/notifications/stream?lastEventId=1`)
    const edge = await raw(`${url}/api/notifications/stream?lastEventId=3`)
    const fresh = await raw(`${url}/api/notifications/stream`)
    const garbage = await raw(`${url}/api/notifications/stream?lastEventId=abc`)
    await edge.waitForEvents(3)
    await waitFor(() => demo.stats().streams === 4)
    await demo.publish({ message: 'live' })
    for (const stream of [tooOld, fresh, garbage]) {
      const events = await stream.waitForEvents(1)
      expect(events.map((event) => event.id)).toEqual(['7'])
      expect(stream.syncs).toEqual([{ replayed: false }])
    }
    expect(edge.syncs).toEqual([{ replayed: true }])
    await edge.waitForEvents(4)
    expect(edge.events.map((event) => event.id)).toEqual(['4', '5', '6', '7'])
  })

  it('broadcasts read, read-all and deleted events from the REST endpoints', async () => {
    const { url, demo } = await boot()
    const client = listenWithEventSource(`${url}/api/notifications/stream`)
    cleanups.push(() => client.source.close())
    await waitFor(() => demo.stats().streams === 1)

    const a = (await postJson(`${url}/api/notifications`, { message: 'a' })).body as DemoNotification
    await postJson(`${url}/api/notifications`, { message: 'b' })
    const read = await postJson(`${url}/api/notifications/${a.id}/read`)
    expect(read.status).toBe(200)
    const readItem = read.body as DemoNotification
    expect(readItem.readAt).not.toBeNull()
    expect(readItem.updatedAt).toBe(readItem.readAt)
    expect(readItem.updatedAt > a.updatedAt).toBe(true)

    const readAll = await postJson(`${url}/api/notifications/read-all`)
    expect(readAll.status).toBe(200)
    const deleted = await fetch(`${url}/api/notifications/${a.id}`, { method: 'DELETE' })
    expect(deleted.status).toBe(200)

    await waitFor(() => client.received.length === 5)
    expect(client.received.map((event) => [event.id, event.type])).toEqual([
      ['1', 'notification'],
      ['2', 'notification'],
      ['3', 'notification.read'],
      ['4', 'notifications.read-all'],
      ['5', 'notification.deleted'],
    ])
    expect(client.received[2]?.data).toEqual({ id: a.id, readAt: readItem.readAt })
    expect(client.received[3]?.data).toEqual(readAll.body)
    expect(client.received[4]?.data).toEqual({ id: a.id })
  })

  it('sends named ping events with data {} and no id', async () => {
    const { url, demo } = await boot({ pingIntervalMs: 40 })
    await demo.publish({ message: 'x' })
    const stream = await raw(`${url}/api/notifications/stream`)
    await stream.waitForEvents(2)
    const pings = stream.events.filter((event) => event.event === 'ping')
    expect(pings.length).toBeGreaterThanOrEqual(2)
    expect(pings[0]).toEqual({ event: 'ping', data: '{}' })
  })

  it('drop ends every stream; an EventSource reconnects and resumes without loss', async () => {
    const { url, demo } = await boot()
    const client = listenWithEventSource(`${url}/api/notifications/stream`)
    cleanups.push(() => client.source.close())
    const stream = await raw(`${url}/api/notifications/stream`)
    await waitFor(() => demo.stats().streams === 2)
    await demo.publish({ message: 'before' })
    await waitFor(() => client.received.length === 1)

    const dropped = await postJson(`${url}/api/demo/drop`)
    expect(dropped).toMatchObject({ status: 200, body: { dropped: 2 } })
    await waitFor(() => stream.ended, 2000, 'raw stream end')
    await demo.publish({ message: 'while away' })

    await waitFor(() => client.received.length === 2, 3000, 'replayed event')
    expect(client.received[1]).toMatchObject({ id: '2', data: { message: 'while away' } })
    expect(client.opens()).toBe(2)
    await waitFor(() => demo.stats().streams === 1)
    expect(demo.stats().totalStreamConnections).toBe(3)
  })

  it('an outage drops streams, answers 503 while it lasts, then recovers', async () => {
    const { url, demo } = await boot()
    const stream = await raw(`${url}/api/notifications/stream`)
    await waitFor(() => demo.stats().streams === 1)

    const outage = await postJson(`${url}/api/demo/outage`, { seconds: 0.3 })
    expect(outage.status).toBe(200)
    expect(typeof (outage.body as { until: string }).until).toBe('string')
    await waitFor(() => stream.ended)
    expect(demo.stats().streams).toBe(0)

    const refused = await fetch(`${url}/api/notifications/stream`)
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('1')
    expect(await refused.json()).toMatchObject({ error: 'outage' })
    const clockRefused = await fetch(`${url}/api/clock/stream`)
    expect(clockRefused.status).toBe(503)
    await clockRefused.body?.cancel()
    expect((await fetch(`${url}/api/notifications`)).status).toBe(200)

    await new Promise((resolve) => setTimeout(resolve, 320))
    const recovered = await raw(`${url}/api/notifications/stream`)
    expect(recovered.response.status).toBe(200)

    expect((await postJson(`${url}/api/demo/outage`, { seconds: 'x' })).status).toBe(400)
    expect((await postJson(`${url}/api/demo/outage`, { seconds: -1 })).status).toBe(400)
  })

  it('cleans up when the client goes away', async () => {
    const { url, demo } = await boot()
    const stream = await raw(`${url}/api/notifications/stream`)
    await waitFor(() => demo.stats().streams === 1)
    stream.close()
    await waitFor(() => demo.stats().streams === 0, 2000, 'stream cleanup')
    expect(demo.stats().totalStreamConnections).toBe(1)
  })
})

describe('clock stream', () => {
  it('ticks unnamed message events with increasing ids', async () => {
    const { url, demo } = await boot({ clockIntervalMs: 30 })
    const stream = await raw(`${url}/api/clock/stream`)
    const events = await stream.waitForEvents(3)
    expect(events.slice(0, 3).map((event) => [event.id, event.event])).toEqual([
      ['1', 'message'],
      ['2', 'message'],
      ['3', 'message'],
    ])
    const { now } = JSON.parse(events[0]?.data ?? '') as { now: string }
    expect(new Date(now).toISOString()).toBe(now)
    expect(demo.stats()).toMatchObject({ clockStreams: 1, streams: 0 })

    const resumed = await raw(`${url}/api/clock/stream`, { 'Last-Event-ID': '41' })
    const [first] = await resumed.waitForEvents(1)
    expect(first?.id).toBe('42')
  })

  it('works with an EventSource client and is dropped by /api/demo/drop', async () => {
    const { url, demo } = await boot({ clockIntervalMs: 30 })
    const client = listenWithEventSource(`${url}/api/clock/stream`, ['message'])
    cleanups.push(() => client.source.close())
    await waitFor(() => client.received.length >= 2)
    expect(client.received[0]?.data).toEqual({ now: expect.any(String) })
    expect((await postJson(`${url}/api/demo/drop`)).body).toEqual({ dropped: 1 })
    await waitFor(() => client.opens() === 2, 3000, 'reconnect')
    expect(demo.stats().clockStreams).toBe(1)
  })
})
