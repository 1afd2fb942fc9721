import axios from 'axios'
import { http as rest, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createPinia, setActivePinia } from 'pinia'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { useNotificationStore } from '../../src/stores/notifications'
import { configureNotifications, type NotificationsOptions } from '../../src/stores/options'
import { FakeEventSource } from '../support/FakeEventSource'

/** The store across page loads and sessions: what a reload keeps, what a lost session says. */
const LIST = 'http://127.0.0.1:9/notifications'
const STREAM = 'http://127.0.0.1:9/notifications/stream'
const server = setupServer()
const stores: ReturnType<typeof useNotificationStore>[] = []

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
beforeEach(() => {
  FakeEventSource.reset()
  localStorage.clear()
})
afterEach(() => {
  for (const store of stores.splice(0)) store.$reset()
  server.resetHandlers()
})
afterAll(() => server.close())

/** A new page load: its own Pinia and store. */
function load(options: NotificationsOptions) {
  const pinia = createPinia()
  setActivePinia(pinia)
  configureNotifications(pinia, { http: axios.create(), warn: vi.fn(), ...options })
  const store = useNotificationStore()
  stores.push(store)
  return store
}

describe('a stream-only inbox across a reload', () => {
  it('saves what arrived just before the page goes, not only once a second', async () => {
    const options = { streamUrl: STREAM, stream: { EventSource: FakeEventSource } }
    const first = load(options)
    first.connect()
    FakeEventSource.latest.simulateOpen()
    FakeEventSource.latest.emit('message', 'Message #0')
    await vi.waitFor(() => expect(first.items).toHaveLength(1))
    // The reload comes before the next periodic save.
    window.dispatchEvent(new Event('pagehide'))
    first.disconnect()

    const second = load(options)
    expect(second.items.map((item) => item.message)).toEqual(['Message #0'])
  })

  it('keeps what each of two tabs received: neither overwrites the other', async () => {
    const options = { streamUrl: STREAM, stream: { EventSource: FakeEventSource } }
    const message = (id: string, text: string) => JSON.stringify({ id, message: text, createdAt: new Date().toISOString() })
    const first = load(options)
    first.connect()
    const firstStream = FakeEventSource.latest
    firstStream.simulateOpen()
    const second = load(options)
    second.connect()
    const secondStream = FakeEventSource.latest
    secondStream.simulateOpen()
    // Each tab has its own stream; the second one was down while "a" came.
    firstStream.emit('message', message('a', 'Only the first tab got this'))
    secondStream.emit('message', message('b', 'Both got this'))
    firstStream.emit('message', message('b', 'Both got this'))
    // Saved once a second; the second tab saves last.
    await vi.waitFor(() => expect(second.items.map((item) => item.id)).toEqual(['b', 'a']), { timeout: 3000 })
    await vi.waitFor(() => expect(first.items.map((item) => item.id)).toEqual(['b', 'a']), { timeout: 3000 })
    first.disconnect()
    second.disconnect()

    const reloaded = load(options)
    expect(reloaded.items.map((item) => item.id)).toEqual(['b', 'a'])
  })
})

describe('a stream-only inbox with events that carry no id', () => {
  it('keeps the order of arrival for events received in the same millisecond', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 0, 1) })
    try {
      const store = load({ streamUrl: STREAM, stream: { EventSource: FakeEventSource } })
      store.connect()
      FakeEventSource.latest.simulateOpen()
      // One chunk with a backlog: every event is parsed at the same time.
      for (let n = 0; n < 12; n++) FakeEventSource.latest.emit('message', `Message #${n}`)
      await vi.waitFor(() => expect(store.items).toHaveLength(12))
      expect(store.items.map((item) => item.message)).toEqual(Array.from({ length: 12 }, (_, n) => `Message #${11 - n}`))
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('a list behind the same session as the stream', () => {
  it('answered 401 is a signed-out error that retry() asks again', async () => {
    const status = 401
    let asked = 0
    server.use(
      rest.get(LIST, () => {
        asked += 1
        return HttpResponse.json({ message: 'Unauthenticated.' }, { status })
      }),
    )
    const store = load({ endpoints: { list: LIST } })
    await store.refresh()
    expect(store.error).toMatchObject({ kind: 'signed-out', action: 'refresh', status })
    // Nothing was loaded: there is nothing "more" to offer.
    expect(store.hasMore).toBe(false)
    await store.retry()
    expect(asked).toBe(2)
  })

  it('answered 500 stays a load failure', async () => {
    server.use(rest.get(LIST, () => HttpResponse.json({ message: 'Server Error' }, { status: 500 })))
    const store = load({ endpoints: { list: LIST } })
    await store.refresh()
    expect(store.error).toMatchObject({ kind: 'fetch', action: 'refresh', status: 500 })
  })
})
