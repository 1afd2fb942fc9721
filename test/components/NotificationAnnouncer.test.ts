import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import NotificationAnnouncer from '../../src/components/NotificationAnnouncer.vue'
import { axeViolations } from '../support/axe'
import { FakeEventSource } from '../support/FakeEventSource'
import { mountWithStore, unmountAll } from '../support/mountWithStore'
import { STREAM, createNotificationsApi, many, raw } from '../support/notificationsApi'
import { getByRole } from '../support/roles'

const { server, serveList } = createNotificationsApi()

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  vi.useRealTimers()
  unmountAll()
  server.resetHandlers()
  FakeEventSource.reset()
})
afterAll(() => server.close())

describe('NotificationAnnouncer', () => {
  it('announces what arrives live above the list, not what it held when it mounted, politely', async () => {
    serveList(many(3))
    const { wrapper, store } = await mountWithStore(
      NotificationAnnouncer,
      { props: { announceInterval: 1000 } },
      { streamUrl: STREAM, stream: { EventSource: FakeEventSource } },
    )
    const region = getByRole('status')
    expect(region.getAttribute('aria-live')).toBe('polite')
    expect(region.getAttribute('aria-atomic')).toBe('true')
    store.connect()
    FakeEventSource.latest.simulateOpen()
    await vi.waitFor(() => expect(store.loading).toBe(false))
    vi.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    await nextTick()
    vi.advanceTimersByTime(2000)
    await nextTick()
    expect(region.textContent?.trim()).toBe('')

    FakeEventSource.latest.emit('notification', raw(0, { createdAt: new Date().toISOString() }))
    // The store publishes after the task that brought the event (a zero timeout here), then the announcer waits 400 ms.
    vi.advanceTimersByTime(60)
    await nextTick()
    vi.advanceTimersByTime(400)
    await nextTick()
    expect(region.textContent?.trim()).toBe('1 new notification')
    // axe waits on real timers.
    vi.useRealTimers()
    expect(await axeViolations(wrapper.element)).toEqual([])
  })
})
