// @vitest-environment node
/** The stream half of docs/server-contract.md, against each storage. */
import { afterEach, describe, expect, it } from 'vitest'
import { RawStream, waitFor } from '../support/rawSseStream'
import { listen, startKit, storageCases, type RunningKit } from './support/kitServer'
import { useRedisServer } from './support/redisServer'

const redis = useRedisServer()

describe.each(storageCases(() => redis().url))('stream with the $name storage', { timeout: 15_000 }, ({ create }) => {
  let running: RunningKit | undefined
  const cleanups: (() => void)[] = []

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup()
    await running?.close()
    running = undefined
  })

  async function boot(options: Parameters<typeof startKit>[0] = {}, replayLogSize?: number): Promise<RunningKit> {
    running = await startKit({ storage: create(replayLogSize ? { replayLogSize } : {}), ...options })
    return running
  }

  async function raw(url: string, headers?: Record<string, string>): Promise<RawStream> {
    const stream = await RawStream.open(url, headers)
    cleanups.push(() => stream.close())
    return stream
  }

  async function publishMany(kit: RunningKit['kit'], user: string, count: number, from = 1) {
    const items = []
    for (let index = from; index < from + count; index++) items.push(await kit.publish(user, { message: `m${index}` }))
    return items
  }

  it('opens with the SSE headers, a retry in range, then notifications.sync before any other event', async () => {
    const { kit, api } = await boot({ retry: { minMs: 1000, maxMs: 4000 } })
    const stream = await raw(`${api}/stream?user=alice`)
    expect(stream.response.status).toBe(200)
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(stream.response.headers.get('cache-control')).toBe('no-store')
    expect(stream.response.headers.get('x-accel-buffering')).toBe('no')

    const item = await kit.publish('alice', { message: 'hello' })
    await stream.waitForEvents(1)
    const [preamble, sync, event] = stream.frames
    expect(preamble?.retry).toBeGreaterThanOrEqual(1000)
    expect(preamble?.retry).toBeLessThanOrEqual(4000)
    expect(sync).toEqual({ event: 'notifications.sync', data: '{"replayed":false}' })
    expect(event).toMatchObject({ event: 'notification', id: expect.any(String) })
    expect(JSON.parse(event!.data)).toEqual(item)
  })

  it('gives notifications.sync the id a client is at: the latest event, or the resume point when replaying', async () => {
    const { kit, api } = await boot()
    const first = await raw(`${api}/stream?user=alice`)
    await first.waitForFrames(2)
    // Nothing happened yet: no position to give.
    expect(first.frames[1]).toEqual({ event: 'notifications.sync', data: '{"replayed":false}' })
    await publishMany(kit, 'alice', 3)
    const ids = (await first.waitForEvents(3)).map((event) => event.id!)

    const fresh = await raw(`${api}/stream?user=alice`)
    await fresh.waitForFrames(2)
    expect(fresh.frames[1]).toEqual({ event: 'notifications.sync', id: ids[2], data: '{"replayed":false}' })
    const resumed = await raw(`${api}/stream?user=alice&lastEventId=${ids[0]}`)
    await resumed.waitForEvents(2)
    expect(resumed.frames[1]).toEqual({ event: 'notifications.sync', id: ids[0], data: '{"replayed":true}' })
  })

  it('misses nothing published right after the headers arrive', async () => {
    const { kit, api } = await boot()
    for (let attempt = 0; attempt < 8; attempt++) {
      const stream = await raw(`${api}/stream?user=u${attempt}`)
      const item = await kit.publish(`u${attempt}`, { message: `right after open ${attempt}` })
      const [event] = await stream.waitForEvents(1)
      expect(JSON.parse(event!.data)).toEqual(item)
      stream.close()
    }
  })

  it('replays exactly the events after ?lastEventId=, confirmed, then goes live', async () => {
    const { kit, api } = await boot()
    const probe = await raw(`${api}/stream?user=alice`)
    await publishMany(kit, 'alice', 5)
    const logged = await probe.waitForEvents(5)
    const ids = logged.map((event) => event.id!)

    const stream = await raw(`${api}/stream?user=alice&lastEventId=${ids[1]}`)
    await stream.waitForEvents(3)
    expect(stream.syncs).toEqual([{ replayed: true }])
    const [six] = await publishMany(kit, 'alice', 1, 6)
    const events = await stream.waitForEvents(4)
    expect(events.map((event) => event.id)).toEqual([ids[2], ids[3], ids[4], expect.any(String)])
    expect(events.map((event) => (JSON.parse(event.data) as { message: string }).message)).toEqual(['m3', 'm4', 'm5', 'm6'])
    expect(JSON.parse(events[3]!.data)).toEqual(six)
    // The confirmation comes first, right after the retry preamble.
    expect(stream.frames[1]?.event).toBe('notifications.sync')
  })

  it('resumes from the Last-Event-ID header, which wins over the query', async () => {
    const { kit, api } = await boot()
    const probe = await raw(`${api}/stream?user=alice`)
    await publishMany(kit, 'alice', 4)
    const ids = (await probe.waitForEvents(4)).map((event) => event.id!)

    const newerHeader = await raw(`${api}/stream?user=alice&lastEventId=${ids[0]}`, { 'Last-Event-ID': ids[2]! })
    const olderHeader = await raw(`${api}/stream?user=alice&lastEventId=${ids[2]}`, { 'Last-Event-ID': ids[0]! })
    await newerHeader.waitForEvents(1)
    await olderHeader.waitForEvents(3)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(newerHeader.events.map((event) => event.id)).toEqual([ids[3]])
    expect(olderHeader.events.map((event) => event.id)).toEqual([ids[1], ids[2], ids[3]])
    expect([...newerHeader.syncs, ...olderHeader.syncs]).toEqual([{ replayed: true }, { replayed: true }])
  })

  it('answers replayed: false for an id older than the log, unknown or malformed, and replays from the oldest kept edge', async () => {
    const { kit, api } = await boot({}, 3)
    const probe = await raw(`${api}/stream?user=alice`)
    await publishMany(kit, 'alice', 6)
    const ids = (await probe.waitForEvents(6)).map((event) => event.id!)
    const future = ids[5]!.includes('-') ? `${Date.now() + 86_400_000}-0` : '999999'

    const refused = await Promise.all(
      [ids[0], ids[1], future, 'abc', '1-2-3'].map((id) => raw(`${api}/stream?user=alice`, { 'Last-Event-ID': id! })),
    )
    const edge = await raw(`${api}/stream?user=alice`, { 'Last-Event-ID': ids[2]! })
    await edge.waitForEvents(3)
    for (const stream of refused) await waitFor(() => stream.syncs.length === 1)
    const [live] = await publishMany(kit, 'alice', 1, 7)
    for (const stream of refused) {
      expect(stream.syncs).toEqual([{ replayed: false }])
      const events = await stream.waitForEvents(1)
      expect(events.map((event) => JSON.parse(event.data) as unknown)).toEqual([live])
    }
    expect(edge.syncs).toEqual([{ replayed: true }])
    expect((await edge.waitForEvents(4)).map((event) => event.id)).toEqual([ids[3], ids[4], ids[5], expect.any(String)])
  })

  it('an EventSource dropped mid-stream resumes with nothing lost or repeated while publishing goes on', async () => {
    const { kit, api } = await boot()
    const client = listen(`${api}/stream?user=alice`)
    cleanups.push(() => client.source.close())
    await waitFor(() => client.syncs().length === 1)
    const published: string[] = []
    const publisher = (async () => {
      for (let index = 0; index < 40; index++) {
        published.push((await kit.publish('alice', { message: `p${index}` })).id)
        await new Promise((resolve) => setTimeout(resolve, 3))
      }
    })()
    await waitFor(() => published.length >= 10)
    expect(kit.dropConnections('alice')).toBe(1)
    await waitFor(() => client.syncs().length === 2 && published.length >= 25, 3000, 'first reconnect')
    expect(kit.dropConnections()).toBe(1)
    await publisher
    await waitFor(() => client.events().length >= 40, 5000, 'all 40 notifications')
    await new Promise((resolve) => setTimeout(resolve, 100))
    const received = client.events().map((event) => (event.data as { id: string }).id)
    expect(received).toEqual(published)
    expect(client.syncs()).toEqual([{ replayed: false }, { replayed: true }, { replayed: true }])
    expect(client.opens()).toBe(3)
  })

  it('keeps users apart: events and lists of one user never reach another', async () => {
    const { kit, api } = await boot()
    const alice = await raw(`${api}/stream?user=alice`)
    const bob = await raw(`${api}/stream?user=bob`)
    await kit.publish('alice', { message: 'for alice' })
    await kit.broadcast('alice', 'custom', { secret: true })
    const bobsOwn = await kit.publish('bob', { message: 'for bob' })
    await alice.waitForEvents(2)
    await bob.waitForEvents(1)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(bob.events.map((event) => JSON.parse(event.data) as unknown)).toEqual([bobsOwn])
    expect(alice.events.map((event) => event.event)).toEqual(['notification', 'custom'])
    expect((await kit.list('bob')).data.map((item) => item.id)).toEqual([bobsOwn.id])
  })

  it('replays events of the app’s own next to the contract’s', async () => {
    const { kit, api } = await boot()
    const probe = await raw(`${api}/stream?user=alice`)
    const first = await kit.publish('alice', { message: 'first' })
    const customId = await kit.broadcast('alice', 'notification', { id: 'raw', message: 'straight to the stream' })
    await kit.markRead('alice', first.id)
    const ids = (await probe.waitForEvents(3)).map((event) => event.id)
    expect(ids[1]).toBe(customId)

    const resumed = await raw(`${api}/stream?user=alice`, { 'Last-Event-ID': ids[0]! })
    const events = await resumed.waitForEvents(2)
    expect(events.map((event) => [event.event, JSON.parse(event.data) as unknown])).toEqual([
      ['notification', { id: 'raw', message: 'straight to the stream' }],
      ['notification.read', { id: first.id, readAt: expect.any(String) }],
    ])
  })

  it('sends a named ping with data {} and no id at the heartbeat interval', async () => {
    const { kit, api } = await boot({ heartbeatIntervalMs: 40 })
    await kit.publish('alice', { message: 'before' })
    const stream = await raw(`${api}/stream?user=alice`)
    await waitFor(() => stream.events.filter((event) => event.event === 'ping').length >= 2, 2000, 'two pings')
    for (const ping of stream.events) expect(ping).toEqual({ event: 'ping', data: '{}' })
  })

  it('ends a stream when the client goes away', async () => {
    const { kit, api } = await boot()
    const stream = await raw(`${api}/stream?user=alice`)
    await waitFor(() => stream.syncs.length === 1)
    expect(kit.stats()).toMatchObject({ connections: 1, acceptedConnections: 1 })
    stream.close()
    await waitFor(() => kit.stats().connections === 0, 2000, 'cleanup')
  })
})
