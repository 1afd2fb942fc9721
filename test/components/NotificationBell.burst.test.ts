import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import NotificationBell from '../../src/components/NotificationBell.vue'
import { useNotificationStore } from '../../src/stores/notifications'
import { configureNotifications } from '../../src/stores/options'
import { nextTask } from '../../src/utils/afterTask'
import { FakeEventSource } from '../support/FakeEventSource'
import { API, STREAM, createNotificationsApi, type Raw } from '../support/notificationsApi'

const { server, serveList } = createNotificationsApi()

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  document.body.innerHTML = ''
  server.resetHandlers()
  FakeEventSource.reset()
})
afterAll(() => server.close())

const BURST = 10_000
const base = Date.now() - BURST * 1000
/** Burst item `n`, created `n` seconds after `base`: the last one is the newest. */
const burstItem = (n: number): Raw => ({ id: `b${n}`, message: `Burst ${n}`, createdAt: new Date(base + n * 1000).toISOString(), readAt: null })

/** A connected store with an empty first page, and the bell (panel open) on it. */
async function connectedBell() {
  const pinia = createPinia()
  configureNotifications(pinia, { apiUrl: API, streamUrl: STREAM, stream: { EventSource: FakeEventSource }, warn: () => {} })
  setActivePinia(pinia)
  const wrapper = mount(NotificationBell, {
    props: { defaultOpen: true, max: 1_000_000, announceInterval: 1000 },
    attachTo: document.body,
    global: { plugins: [pinia] },
  })
  const store = useNotificationStore()
  const source = FakeEventSource.latest
  source.simulateOpen()
  await vi.waitFor(() => expect(store.loaded && !store.loading).toBe(true))
  await flushPromises()
  return { wrapper, store, source }
}

/** Every change of the badge's text, in order. */
function watchBadge(): string[] {
  const texts: string[] = []
  new MutationObserver(() => {
    const text = document.querySelector('[data-testid="vsn-badge"]')?.textContent ?? ''
    if (texts.at(-1) !== text) texts.push(text)
  }).observe(document.body, { subtree: true, childList: true, characterData: true })
  return texts
}

const liveRegion = (): string => document.querySelector('[role="status"]')?.textContent?.trim() ?? ''

describe('NotificationBell: a burst of 10,000 events in one task', () => {
  it('counts every one, shows the newest, and announces them once', async () => {
    serveList([])
    const { wrapper, store, source } = await connectedBell()
    const badge = watchBadge()
    for (let n = 1; n <= BURST; n++) source.emit('notification', burstItem(n), String(n))
    // Nothing is applied in the task that brought the events.
    expect(store.unreadCount).toBe(0)

    await vi.waitFor(() => expect(store.unreadCount).toBe(BURST), { timeout: 10_000 })
    await flushPromises()
    expect(document.querySelector('[data-testid="vsn-badge"]')?.textContent?.trim()).toBe(String(BURST))
    // The store keeps its 500 newest; the list renders its first 50 (no layout here to window by).
    expect(store.view.count()).toBe(500)
    expect(store.view.at(0)?.id).toBe(`b${BURST}`)
    expect(wrapper.findAll('.vsn-item')).toHaveLength(50)
    expect(wrapper.find('.vsn-item__message').text()).toBe(`Burst ${BURST}`)
    // Published once when the queue ran dry (plus at most a progress update per 100 ms of work), not per event.
    expect(badge.length).toBeGreaterThanOrEqual(1)
    expect(badge.length).toBeLessThanOrEqual(1 + Math.ceil(BURST / 1000))
    expect(badge.at(-1)?.trim()).toBe(String(BURST))

    // The announcer collects for 400 ms, then speaks once for the whole burst.
    await vi.waitFor(() => expect(liveRegion()).not.toBe(''), { timeout: 2000 })
    expect(liveRegion()).toBe(`${BURST} new notifications`)
    wrapper.unmount()
  }, 30_000)

  it('ends in the state the same events reach one task at a time', async () => {
    const events: [string, Raw | { id: string; readAt?: string | null }, string][] = []
    for (let n = 1; n <= 600; n++) events.push(['notification', burstItem(n), String(n)])
    // Repeats, an older version, read and unread changes and deletions in between.
    for (let n = 590; n <= 600; n++) events.push(['notification', burstItem(n), String(n + 1000)])
    events.push(['notification', { ...burstItem(598), message: 'edited', updatedAt: new Date(base + 10_000_000).toISOString() }, '2001'])
    events.push(['notification', { ...burstItem(598), message: 'stale', updatedAt: new Date(base).toISOString() }, '2002'])
    events.push(['notification.read', { id: 'b597', readAt: new Date(base + 20_000).toISOString() }, '2003'])
    events.push(['notification.read', { id: 'b596', readAt: new Date(base + 20_000).toISOString() }, '2004'])
    events.push(['notification.read', { id: 'b596', readAt: null }, '2005'])
    events.push(['notification.deleted', { id: 'b595' }, '2006'])
    events.push(['notifications.read-all', { readAt: new Date(base + 300_000).toISOString() }, '2007'])

    const states: unknown[] = []
    for (const oneByOne of [false, true]) {
      serveList([])
      const { wrapper, store, source } = await connectedBell()
      for (const [type, data, id] of events) {
        source.emit(type, data, id)
        if (oneByOne) await nextTask()
      }
      await vi.waitFor(() => expect(store.view.at(0)?.id).toBe('b600'))
      await new Promise((resolve) => setTimeout(resolve, 50))
      states.push({ inbox: store.inbox, unread: store.unreadCount, rows: wrapper.findAll('.vsn-item__message').map((row) => row.text()) })
      wrapper.unmount()
    }
    expect(states[1]).toEqual(states[0])
    // Held: b101..b600 (capped at 500) less the deleted b595; unread: b301..b600 (the read-all covers
    // up to b300 and the 100 dropped ones) less the deleted b595 and the read b597.
    expect(states[0]).toMatchObject({ inbox: { capped: true }, unread: 298 })
    expect((states[0] as { inbox: { items: unknown[] } }).inbox.items).toHaveLength(499)
    expect((states[0] as { rows: string[] }).rows).toContain('edited')
  }, 30_000)
})
