// @vitest-environment node
/** What only the Redis storage does: keys, trimming, script reloads, and surviving a lost subscription. */
import { Redis } from 'ioredis'
import { afterEach, describe, expect, it } from 'vitest'
import { createRedisStorage, type NotificationStorage } from '../../src/server'
import { RawStream, waitFor } from '../support/rawSseStream'
import { listen, startKit, type RunningKit } from './support/kitServer'
import { useRedisServer } from './support/redisServer'

const redisServer = useRedisServer()

let running: RunningKit | undefined
const cleanups: (() => void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup()
  await running?.close()
  running = undefined
})

let prefixes = 0
function storage(options: { replayLogSize?: number; retryDelayMs?: number } = {}): { storage: NotificationStorage; prefix: string } {
  const prefix = `redis-test-${++prefixes}`
  const template = new Redis(redisServer().url, { lazyConnect: true, retryStrategy: () => options.retryDelayMs ?? 50 })
  return { storage: createRedisStorage({ redis: template, keyPrefix: prefix, replayLogSize: options.replayLogSize }), prefix }
}

async function numsub(channel: string): Promise<number> {
  const [, count] = (await redisServer().client.pubsub('NUMSUB', channel)) as [string, number]
  return Number(count)
}

describe('Redis storage', { timeout: 15_000 }, () => {
  it('keeps one user’s keys under the prefix and one hash tag, and the stream at the replay log size', async () => {
    const { storage: store, prefix } = storage({ replayLogSize: 4 })
    running = await startKit({ storage: store })
    const probe = await RawStream.open(`${running.api}/stream?user=alice`)
    cleanups.push(() => probe.close())
    for (let index = 0; index < 10; index++) await running.kit.publish('alice', { message: `m${index}` })
    const ids = (await probe.waitForEvents(10)).map((event) => event.id)

    expect((await redisServer().client.keys(`${prefix}:*`)).sort()).toEqual(
      ['clock', 'events', 'items', 'order', 'trimmed', 'unread'].map((name) => `${prefix}:{alice}:${name}`),
    )
    expect(await redisServer().client.xlen(`${prefix}:{alice}:events`)).toBe(4)
    expect(await redisServer().client.get(`${prefix}:{alice}:trimmed`)).toBe(ids[5])
    expect(ids.every((id) => /^\d+-\d+$/.test(id!))).toBe(true)
  })

  it('loads its scripts again after SCRIPT FLUSH', async () => {
    const { storage: store } = storage()
    running = await startKit({ storage: store })
    await running.kit.publish('alice', { message: 'before' })
    await redisServer().client.script('FLUSH')
    await running.kit.publish('alice', { message: 'after' })
    expect((await running.kit.list('alice')).data.map((item) => item.message)).toEqual(['after', 'before'])
  })

  it('subscribes a user’s channel while a stream of that user is open, and only then', async () => {
    const { storage: store, prefix } = storage()
    running = await startKit({ storage: store })
    const channel = `${prefix}:{alice}:live`
    const first = await RawStream.open(`${running.api}/stream?user=alice`)
    const second = await RawStream.open(`${running.api}/stream?user=alice`)
    await waitFor(() => first.syncs.length === 1 && second.syncs.length === 1)
    expect(await numsub(channel)).toBe(1)
    first.close()
    await waitFor(() => running!.kit.stats().connections === 1)
    expect(await numsub(channel)).toBe(1)
    second.close()
    await waitFor(() => running!.kit.stats().connections === 0)
    await expect.poll(() => numsub(channel)).toBe(0)
  })

  it('when its subscription drops, ends the streams; they resume and get what was published meanwhile, once', async () => {
    const { storage: store, prefix } = storage({ retryDelayMs: 400 })
    running = await startKit({ storage: store, retry: { minMs: 600, maxMs: 700 } })
    const { kit, api } = running
    const client = listen(`${api}/stream?user=alice`)
    cleanups.push(() => client.source.close())
    await waitFor(() => client.syncs().length === 1)
    const before = await kit.publish('alice', { message: 'before' })
    await waitFor(() => client.events().length === 1)

    await redisServer().client.call('CLIENT', 'KILL', 'TYPE', 'pubsub')
    const during = await kit.publish('alice', { message: 'while the subscription is down' })
    // Nobody was subscribed when it was published: it can only come from the replay.
    expect(await numsub(`${prefix}:{alice}:live`)).toBe(0)
    await waitFor(() => client.events().length === 2, 5000, 'the replayed notification')
    const after = await kit.publish('alice', { message: 'after' })
    await waitFor(() => client.events().length === 3, 3000, 'the live notification')

    expect(client.events().map((event) => event.data)).toEqual([before, during, after])
    expect(client.syncs()).toEqual([{ replayed: false }, { replayed: true }])
  })
})
