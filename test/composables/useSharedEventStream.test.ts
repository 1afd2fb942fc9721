import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import {
  useSharedEventStream,
  type SharedStreamOptions,
  type UseSharedEventStreamReturn,
} from '../../src/composables/useSharedEventStream'
import type { UseEventStreamOptions } from '../../src/composables/useEventStream'
import { electLeader } from '../../src/utils/electLeader'
import { FakeEventSource } from '../support/FakeEventSource'
import { diagnosed } from '../support/mountStream'
import { FakeBroadcastChannel, FakeLockManager, FakeStorage, flushMicrotasks } from '../support/FakeTabs'

interface Events {
  notification: { id: string; message: string }
  custom: { n: number }
}

interface Tab {
  stream: UseSharedEventStreamReturn<Events>
  received: string[]
  close: () => void
}

let locks: FakeLockManager
const openTabs: Tab[] = []

function openTab(shared: Partial<SharedStreamOptions> = {}, options: UseEventStreamOptions<Events> = {}): Tab {
  const scope = effectScope()
  const received: string[] = []
  const stream = scope.run(() =>
    useSharedEventStream<Events>('https://example.test/stream', {
      EventSource: FakeEventSource,
      events: ['notification'],
      backoff: { initial: 10, random: () => 1 },
      ...options,
      shared: { key: 'user-1', locks, BroadcastChannel: FakeBroadcastChannel, ...shared },
    }),
  )
  if (!stream) throw new Error('scope did not run')
  stream.on('notification', (payload) => received.push(payload.id))
  const tab = { stream, received, close: () => scope.stop() }
  openTabs.push(tab)
  return tab
}

/** Lets the leader relay what it received in the current task (at the task's end) and the followers take it. */
async function relayed(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0))
  await flushMicrotasks()
}

/** The relay messages posted so far of one kind. */
function sentOf(kind: string): Record<string, unknown>[] {
  return FakeBroadcastChannel.sent.map((sent) => sent.message as Record<string, unknown>).filter((message) => message.kind === kind)
}

function leaders(tabs: Tab[]): Tab[] {
  return tabs.filter((tab) => tab.stream.isLeader.value)
}

beforeEach(() => {
  FakeEventSource.reset()
  FakeBroadcastChannel.reset()
  locks = new FakeLockManager()
})

afterEach(() => {
  for (const tab of openTabs.splice(0)) tab.close()
  vi.useRealTimers()
})

describe('useSharedEventStream', () => {
  it('opens a single EventSource for many tabs of the same key', async () => {
    const tabs = Array.from({ length: 5 }, () => openTab())
    await flushMicrotasks()
    expect(leaders(tabs)).toHaveLength(1)
    expect(FakeEventSource.live()).toHaveLength(1)
    FakeEventSource.latest.simulateOpen()
    await flushMicrotasks()
    for (const tab of tabs) expect(tab.stream.status.value).toBe('open')
  })

  it('relays every event, typed, to every tab, with its id', async () => {
    const tabs = [openTab(), openTab(), openTab()]
    await flushMicrotasks()
    const source = FakeEventSource.latest
    source.simulateOpen()
    source.emit('notification', { id: 'a', message: 'one' }, '1')
    source.emit('notification', { id: 'b', message: 'two' }, '2')
    await relayed()
    for (const tab of tabs) {
      expect(tab.received).toEqual(['a', 'b'])
      expect(tab.stream.lastEventId.value).toBe('2')
    }
  })

  it('relays the events of one task in one message, ahead of a state change that follows them', async () => {
    const tabs = [openTab(), openTab()]
    await flushMicrotasks()
    const source = FakeEventSource.latest
    source.simulateOpen()
    await flushMicrotasks()
    const before = FakeBroadcastChannel.sent.length
    for (let n = 1; n <= 50; n++) source.emit('notification', { id: `n${n}`, message: 'burst' }, String(n))
    source.failAndRetry()
    await relayed()
    const posted = FakeBroadcastChannel.sent.slice(before).map((sent) => sent.message as { kind: string; events?: unknown[] })
    expect(posted.map((message) => message.kind)).toEqual(['events', 'state'])
    expect(posted[0]?.events).toHaveLength(50)
    const follower = tabs.find((tab) => !tab.stream.isLeader.value)!
    expect(follower.received).toEqual(Array.from({ length: 50 }, (_, i) => `n${i + 1}`))
    expect(follower.stream.status.value).not.toBe('open')
  })

  it('dispatches a large relayed batch on a follower in slices, in order', async () => {
    const leader = openTab()
    const follower = openTab()
    await flushMicrotasks()
    FakeEventSource.latest.simulateOpen()
    await flushMicrotasks()
    const count = 20_000
    for (let n = 1; n <= count; n++) FakeEventSource.latest.emit('notification', { id: `n${n}`, message: 'burst' }, String(n))
    expect(leader.received).toHaveLength(count)
    await relayed()
    expect(sentOf('events')).toHaveLength(1)
    // The first slice stops at its time budget; the rest follows in later tasks.
    expect(follower.received.length).toBeGreaterThan(0)
    expect(follower.received.length).toBeLessThan(count)
    await vi.waitFor(() => expect(follower.received).toHaveLength(count))
    expect(follower.received).toEqual(leader.received)
    expect(follower.stream.lastEventId.value).toBe(String(count))
  })

  it('relays event types that only a follower listens to', async () => {
    const leader = openTab()
    const follower = openTab()
    await flushMicrotasks()
    const counts: number[] = []
    follower.stream.on('custom', (payload) => counts.push(payload.n))
    await flushMicrotasks()
    FakeEventSource.latest.simulateOpen()
    FakeEventSource.latest.emit('custom', { n: 7 }, '1')
    await relayed()
    expect(leader.stream.isLeader.value).toBe(true)
    expect(counts).toEqual([7])
  })

  it('fails over when the leader tab closes: one new connection resuming from the last id', async () => {
    const tabs = [openTab(), openTab(), openTab()]
    await flushMicrotasks()
    const [oldLeader] = leaders(tabs)
    if (!oldLeader) throw new Error('no leader')
    FakeEventSource.latest.simulateOpen()
    FakeEventSource.latest.emit('notification', { id: 'a', message: 'one' }, '41')
    await relayed()

    oldLeader.close()
    await flushMicrotasks()
    const rest = tabs.filter((tab) => tab !== oldLeader)
    expect(leaders(rest)).toHaveLength(1)
    expect(FakeEventSource.live()).toHaveLength(1)
    expect(FakeEventSource.latest.url).toBe('https://example.test/stream?lastEventId=41')

    FakeEventSource.latest.simulateOpen()
    FakeEventSource.latest.emit('notification', { id: 'b', message: 'two' }, '42')
    await relayed()
    for (const tab of rest) expect(tab.received).toEqual(['a', 'b'])
  })

  it('keeps accounts apart: tabs of another key neither share the connection nor see its events', async () => {
    const alice = openTab({ key: 'alice' })
    const bob = openTab({ key: 'bob' })
    await flushMicrotasks()
    expect(FakeEventSource.live()).toHaveLength(2)
    const [aliceSource] = FakeEventSource.live()
    aliceSource?.simulateOpen()
    aliceSource?.emit('notification', { id: 'secret', message: 'for alice' }, '1')
    await relayed()
    const mine = [alice, bob].filter((tab) => tab.received.length > 0)
    expect(mine).toHaveLength(1)
    expect(mine[0]?.received).toEqual(['secret'])
    const channels = new Set(FakeBroadcastChannel.sent.map((sent) => sent.name))
    expect(channels).toEqual(new Set(['vue-sse-notifications:alice', 'vue-sse-notifications:bob']))
  })

  it('passes application messages between tabs', async () => {
    const first = openTab()
    const second = openTab()
    const seen: unknown[] = []
    second.stream.onBroadcast((message) => seen.push(message))
    first.stream.broadcast({ read: 'a' })
    await flushMicrotasks()
    expect(seen).toEqual([{ read: 'a' }])
  })

  it('stops every tab when the leader is refused for good (HTTP 401)', async () => {
    const tabs = [openTab(), openTab()]
    await flushMicrotasks()
    FakeEventSource.latest.failAndClose(401)
    await diagnosed()
    await flushMicrotasks()
    for (const tab of tabs) {
      expect(tab.stream.status.value).toBe('closed')
      expect(tab.stream.error.value).toMatchObject({ kind: 'unauthorized', status: 401 })
    }
  })

  it('stops every tab when the leader learns of a 401 from the answer, not from its error event', async () => {
    const signedOut = { eventSourceInit: { fetch: async () => new Response(null, { status: 401 }) } }
    const tabs = [openTab({}, signedOut), openTab({}, signedOut)]
    await flushMicrotasks()
    const source = FakeEventSource.latest
    await (source.init as { fetch: typeof fetch }).fetch(source.url)
    source.failAndClose()
    // The follower tab waits its backoff (10 ms), then asks the leader again.
    await vi.waitFor(async () => {
      await diagnosed()
      expect(tabs.map((tab) => tab.stream.status.value)).toEqual(['closed', 'closed'])
    })
    for (const tab of tabs) {
      expect(tab.stream.status.value).toBe('closed')
      expect(tab.stream.error.value).toMatchObject({ kind: 'unauthorized', status: 401 })
    }
  })

  it('shows followers as reconnecting while the leader reconnects, without their own connections', async () => {
    const tabs = [openTab(), openTab()]
    await flushMicrotasks()
    FakeEventSource.latest.simulateOpen()
    FakeEventSource.latest.failAndClose(503)
    await flushMicrotasks()
    for (const tab of tabs) expect(tab.stream.status.value).toBe('reconnecting')
    await new Promise((resolve) => setTimeout(resolve, 30))
    await flushMicrotasks()
    expect(FakeEventSource.instances).toHaveLength(2)
    expect(FakeEventSource.live()).toHaveLength(1)
  })

  it('hands leadership on when the leader closes its stream but stays open', async () => {
    const first = openTab()
    const second = openTab()
    await flushMicrotasks()
    const leader = first.stream.isLeader.value ? first : second
    const other = leader === first ? second : first
    leader.stream.close()
    await flushMicrotasks()
    expect(other.stream.isLeader.value).toBe(true)
    expect(FakeEventSource.live()).toHaveLength(1)
    expect(leader.stream.status.value).toBe('closed')
  })

  it('requires a key', () => {
    expect(() =>
      useSharedEventStream('https://example.test/stream', { EventSource: FakeEventSource, shared: { key: '' } }),
    ).toThrow(/shared.key/)
  })
})

describe('electLeader with the localStorage lease', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })

  it('elects exactly one of several tabs and hands over within 500 ms when it leaves', () => {
    const storage = new FakeStorage()
    const states = [false, false, false]
    const stops = states.map((_, i) =>
      electLeader({ name: 'lease-test', locks: null, storage, onChange: (leading) => (states[i] = leading) }),
    )
    vi.advanceTimersByTime(300)
    expect(states.filter(Boolean)).toHaveLength(1)
    const leaderIndex = states.indexOf(true)
    stops[leaderIndex]?.()
    expect(states[leaderIndex]).toBe(false)
    vi.advanceTimersByTime(500)
    expect(states.filter(Boolean)).toHaveLength(1)
    for (const stop of stops) stop()
  })

  it('takes over from a tab that died without releasing once its lease expires', () => {
    const storage = new FakeStorage()
    storage.setItem('lease-test:lease', JSON.stringify({ id: 'dead-tab', expires: Date.now() + 1000 }))
    let leading = false
    const stop = electLeader({ name: 'lease-test', locks: null, storage, onChange: (next) => (leading = next) })
    vi.advanceTimersByTime(900)
    expect(leading).toBe(false)
    vi.advanceTimersByTime(600)
    expect(leading).toBe(true)
    stop()
    expect(storage.getItem('lease-test:lease')).toBeNull()
  })

  it('treats an unreadable lease as free', () => {
    const storage = new FakeStorage()
    storage.setItem('lease-test:lease', '{not json')
    let leading = false
    const stop = electLeader({ name: 'lease-test', locks: null, storage, onChange: (next) => (leading = next) })
    vi.advanceTimersByTime(300)
    expect(leading).toBe(true)
    stop()
  })
})

describe('electLeader with Web Locks', () => {
  it('grants the lock to one tab and passes it to the next in line when released', async () => {
    const locks = new FakeLockManager()
    const states = [false, false, false]
    const stops = states.map((_, i) =>
      electLeader({ name: 'locks-test', locks, onChange: (leading) => (states[i] = leading) }),
    )
    await flushMicrotasks()
    expect(states).toEqual([true, false, false])
    stops[0]?.()
    await flushMicrotasks()
    expect(states).toEqual([false, true, false])
    stops[2]?.()
    stops[1]?.()
    await flushMicrotasks()
    expect(states).toEqual([false, false, false])
  })
})
