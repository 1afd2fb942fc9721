import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import axe from 'axe-core'
import { nextTick } from 'vue'
import NotificationBell from '../../src/components/NotificationBell.vue'
import { activeClockCount } from '../../src/components/relativeTime'
import type { NotificationBellProps } from '../../src/components/types'
import { useNotificationStore } from '../../src/stores/notifications'
import { configureNotifications, type NotificationsOptions } from '../../src/stores/options'
import { FakeEventSource } from '../support/FakeEventSource'
import { API, STREAM, createNotificationsApi, gate, many, minutesAgo, raw } from '../support/notificationsApi'
import { getByRole, key, nameOf, queryAllByRole, queryByRole } from '../support/roles'
import { mountWithStore, unmountAll } from '../support/mountWithStore'

const { server, calls, serveList } = createNotificationsApi()

const bell = (): HTMLElement => getByRole('button', /^Notifications/)
const dialog = (): HTMLElement => getByRole('dialog', 'Notifications')
const rows = (): HTMLElement[] => queryAllByRole('listitem', undefined, dialog())
const liveRegion = (): HTMLElement => getByRole('status')

async function advance(ms: number): Promise<void> {
  vi.advanceTimersByTime(ms)
  await nextTick()
}

/** Stream events reach the store at once and the page once per frame (or its 50 ms fallback). */
async function afterFrame(): Promise<void> {
  if (vi.isFakeTimers()) vi.advanceTimersByTime(60)
  else await new Promise((resolve) => setTimeout(resolve, 60))
  await nextTick()
}

// ---- mounting ----

const mounted: VueWrapper[] = []

async function settle(): Promise<void> {
  const store = useNotificationStore()
  await vi.waitFor(() => expect(store.loading).toBe(false))
  await flushPromises()
}

async function mountBell(
  props: NotificationBellProps & Record<string, unknown> = {},
  options: Partial<NotificationsOptions> = {},
  wait = true,
) {
  const pinia = createPinia()
  configureNotifications(pinia, {
    apiUrl: API,
    streamUrl: STREAM,
    stream: { EventSource: FakeEventSource },
    warn: () => {},
    ...options,
  })
  setActivePinia(pinia)
  const wrapper = mount(NotificationBell, { props, attachTo: document.body, global: { plugins: [pinia] } })
  mounted.push(wrapper)
  const store = useNotificationStore()
  // The first page is requested once the stream is open.
  FakeEventSource.instances.at(-1)?.simulateOpen()
  if (wait) await settle()
  return { wrapper, store }
}

async function openByClick(): Promise<void> {
  bell().click()
  await nextTick()
  await nextTick()
}

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
beforeEach(() => {
  calls.length = 0
  FakeEventSource.reset()
})
afterEach(() => {
  vi.useRealTimers()
  for (const wrapper of mounted.splice(0)) wrapper.unmount()
  unmountAll()
  server.resetHandlers()
  document.body.innerHTML = ''
})
afterAll(() => server.close())

// ---- tests ----

describe('NotificationBell: bell and badge', () => {
  it('names the bell with the exact unread count and shows it on a hidden badge', async () => {
    serveList([raw(1), raw(2), raw(3), raw(4, { readAt: minutesAgo(1) })])
    const { wrapper } = await mountBell()
    expect(bell().tagName).toBe('BUTTON')
    expect(nameOf(bell())).toBe('Notifications, 3 unread')
    const badge = wrapper.get('[data-testid="vsn-badge"]')
    expect(badge.text()).toBe('3')
    expect(badge.attributes('aria-hidden')).toBe('true')
    expect(bell().getAttribute('aria-haspopup')).toBe('dialog')
    expect(bell().getAttribute('aria-expanded')).toBe('false')
    expect(bell().hasAttribute('aria-controls')).toBe(false)
    expect(bell().querySelector('svg')?.getAttribute('aria-hidden')).toBe('true')
  })

  it('hides the badge at zero and names the bell "Notifications"', async () => {
    serveList([raw(1, { readAt: minutesAgo(1) })])
    const { wrapper } = await mountBell()
    expect(nameOf(bell())).toBe('Notifications')
    expect(wrapper.find('[data-testid="vsn-badge"]').exists()).toBe(false)
  })

  it('caps the badge at max but keeps the exact count in the name', async () => {
    serveList(many(150), { unreadCount: 150 })
    const { wrapper } = await mountBell()
    expect(wrapper.get('[data-testid="vsn-badge"]').text()).toBe('99+')
    expect(nameOf(bell())).toBe('Notifications, 150 unread')
    await wrapper.setProps({ max: 9 })
    expect(wrapper.get('[data-testid="vsn-badge"]').text()).toBe('9+')
  })

  it('takes translated labels, keeping defaults for the rest', async () => {
    serveList(many(2))
    await mountBell({
      labels: { title: 'Benachrichtigungen', bellUnread: (count) => `Benachrichtigungen, ${count} ungelesen` },
    })
    expect(getByRole('button', 'Benachrichtigungen, 2 ungelesen')).toBeTruthy()
    getByRole('button', /^Benachrichtigungen/).click()
    await nextTick()
    expect(getByRole('dialog', 'Benachrichtigungen')).toBeTruthy()
    expect(getByRole('button', 'Mark all read')).toBeTruthy()
  })

  it('connects the store on mount, or not with autoConnect false', async () => {
    serveList(many(1))
    const { store } = await mountBell()
    expect(store.connection).not.toBe('idle')
    expect(FakeEventSource.instances).toHaveLength(1)
    for (const wrapper of mounted.splice(0)) wrapper.unmount()

    FakeEventSource.reset()
    calls.length = 0
    const second = await mountBell({ autoConnect: false }, {}, false)
    await flushPromises()
    expect(second.store.connection).toBe('idle')
    expect(FakeEventSource.instances).toHaveLength(0)
    expect(calls).toEqual([])
  })
})

describe('NotificationBell: opening and closing', () => {
  it('opens and closes with the mouse, and closes on a click outside', async () => {
    serveList(many(3))
    const { wrapper } = await mountBell()
    const outside = document.createElement('button')
    outside.textContent = 'Elsewhere'
    document.body.append(outside)

    await openByClick()
    const panel = dialog()
    expect(bell().getAttribute('aria-expanded')).toBe('true')
    expect(bell().getAttribute('aria-controls')).toBe(panel.id)
    expect(document.activeElement).toBe(panel)
    expect(rows()).toHaveLength(3)

    await openByClick()
    expect(queryByRole('dialog')).toBeNull()
    expect(bell().getAttribute('aria-expanded')).toBe('false')

    await openByClick()
    getByRole('button', 'Refresh', dialog()).focus()
    outside.dispatchEvent(new Event('pointerdown', { bubbles: true }))
    await nextTick()
    await nextTick()
    expect(queryByRole('dialog')).toBeNull()
    expect(document.activeElement).not.toBe(bell())
    expect(wrapper.emitted('update:open')).toEqual([[true], [false], [true], [false]])
  })

  it('opens with Enter and Space, closes with Escape and returns focus to the bell', async () => {
    serveList(many(3))
    await mountBell()
    bell().focus()
    key(bell(), 'Enter')
    await nextTick()
    await nextTick()
    expect(document.activeElement).toBe(dialog())

    key(dialog(), 'Escape')
    await nextTick()
    await nextTick()
    expect(queryByRole('dialog')).toBeNull()
    expect(document.activeElement).toBe(bell())

    key(bell(), ' ')
    await nextTick()
    expect(queryByRole('dialog')).not.toBeNull()
    const keyup = new KeyboardEvent('keyup', { key: ' ', bubbles: true, cancelable: true })
    bell().dispatchEvent(keyup)
    expect(keyup.defaultPrevented).toBe(true)
  })

  it('opens with ArrowDown on the first item and moves with the arrow keys, Home and End', async () => {
    serveList(many(4))
    await mountBell()
    bell().focus()
    key(bell(), 'ArrowDown')
    await nextTick()
    await nextTick()
    const targets = (): HTMLElement[] => queryAllByRole('button', /Message/, dialog())
    expect(targets()).toHaveLength(4)
    expect(document.activeElement).toBe(targets()[0])
    expect(targets().map((element) => element.tabIndex)).toEqual([0, -1, -1, -1])

    key(document.activeElement!, 'ArrowDown')
    await nextTick()
    expect(document.activeElement).toBe(targets()[1])
    expect(targets().map((element) => element.tabIndex)).toEqual([-1, 0, -1, -1])

    key(document.activeElement!, 'End')
    expect(document.activeElement).toBe(targets()[3])
    key(document.activeElement!, 'ArrowDown')
    expect(document.activeElement).toBe(targets()[3])
    key(document.activeElement!, 'Home')
    expect(document.activeElement).toBe(targets()[0])
    key(document.activeElement!, 'ArrowUp')
    expect(document.activeElement).toBe(targets()[0])

    key(document.activeElement!, 'Escape')
    await nextTick()
    await nextTick()
    expect(document.activeElement).toBe(bell())
  })

  it('keeps the roving tabindex on the focused item when a new one arrives above it', async () => {
    serveList(many(3))
    await mountBell()
    FakeEventSource.latest.simulateOpen()
    await settle()
    bell().focus()
    key(bell(), 'ArrowDown')
    await nextTick()
    await nextTick()
    key(document.activeElement!, 'ArrowDown')
    const focused = document.activeElement as HTMLElement
    expect(nameOf(focused)).toMatch(/Message 2/)

    FakeEventSource.latest.emit('notification', raw(0, { createdAt: new Date().toISOString(), message: 'Fresh' }))
    await afterFrame()
    const targets = queryAllByRole('button', undefined, getByRole('list', 'Notification list'))
    expect(targets).toHaveLength(4)
    expect(document.activeElement).toBe(focused)
    expect(targets.filter((element) => element.tabIndex === 0)).toEqual([focused])
    key(focused, 'ArrowUp')
    expect(nameOf(document.activeElement!)).toMatch(/Message 1/)
  })

  it('closes when focus leaves the panel with Tab, but not when it goes back to the bell', async () => {
    serveList(many(2))
    await mountBell()
    const outside = document.createElement('button')
    outside.textContent = 'Next control'
    document.body.append(outside)

    await openByClick()
    getByRole('button', 'Refresh', dialog()).focus()
    bell().focus()
    await nextTick()
    expect(queryByRole('dialog')).not.toBeNull()

    getByRole('button', 'Refresh', dialog()).focus()
    outside.focus()
    await nextTick()
    expect(queryByRole('dialog')).toBeNull()
    expect(document.activeElement).toBe(outside)
  })

  it('supports v-model:open and defaultOpen', async () => {
    serveList(many(2))
    const { wrapper } = await mountBell({ open: false })
    await openByClick()
    expect(wrapper.emitted('update:open')).toEqual([[true]])
    expect(queryByRole('dialog')).toBeNull()
    await wrapper.setProps({ open: true })
    expect(queryByRole('dialog')).not.toBeNull()
    expect(bell().getAttribute('aria-expanded')).toBe('true')
    for (const mountedWrapper of mounted.splice(0)) mountedWrapper.unmount()

    await mountBell({ defaultOpen: true })
    expect(queryByRole('dialog')).not.toBeNull()
  })
})

describe('NotificationBell: actions', () => {
  it('marks an item read when it is chosen', async () => {
    serveList(many(2))
    const { wrapper } = await mountBell()
    await openByClick()
    const first = getByRole('button', /Message 1/, dialog())
    expect(nameOf(first)).toMatch(/^Unread:/)
    first.focus()
    first.click()
    await vi.waitFor(() => expect(calls).toContain('read:n1'))
    expect(wrapper.emitted('select')?.[0]?.[0]).toMatchObject({ id: 'n1' })
    expect(nameOf(bell())).toBe('Notifications, 1 unread')
    await nextTick()
    expect(nameOf(getByRole('button', /Message 1/, dialog()))).not.toMatch(/Unread/)
    expect(document.activeElement).toBe(getByRole('button', /Message 1/, dialog()))
  })

  it('marks read before following a relative link with navigate', async () => {
    serveList([raw(1, { link: '/orders/1?tab=items' })])
    const navigate = vi.fn()
    const { store } = await mountBell({ navigate })
    let readWhenNavigating: string | null | undefined
    navigate.mockImplementation(() => {
      readWhenNavigating = store.items.find((item) => item.id === 'n1')?.readAt
    })
    await openByClick()
    const link = getByRole('link', /Message 1/, dialog())
    expect(link.getAttribute('href')).toBe('/orders/1?tab=items')
    expect(link.hasAttribute('target')).toBe(false)
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 })
    link.dispatchEvent(click)
    expect(click.defaultPrevented).toBe(true)
    expect(navigate).toHaveBeenCalledWith('/orders/1?tab=items', expect.objectContaining({ id: 'n1' }), expect.anything())
    expect(readWhenNavigating).toEqual(expect.any(String))
    await vi.waitFor(() => expect(calls).toContain('read:n1'))
    expect(queryByRole('dialog')).toBeNull()
  })

  it('marks all read', async () => {
    serveList(many(3))
    await mountBell()
    await openByClick()
    getByRole('button', 'Mark all read', dialog()).click()
    await vi.waitFor(() => expect(calls).toContain('read-all'))
    expect(nameOf(bell())).toBe('Notifications')
    expect(queryAllByRole('button', /^Unread:/, dialog())).toHaveLength(0)
    expect(getByRole('button', 'Mark all read', dialog()).getAttribute('aria-disabled')).toBe('true')
  })

  it('refreshes on demand', async () => {
    serveList(many(1))
    await mountBell()
    await openByClick()
    serveList(many(2))
    getByRole('button', 'Refresh', dialog()).click()
    await settle()
    expect(rows()).toHaveLength(2)
  })
})

describe('NotificationBell: states', () => {
  it('shows a loading state while the first page is on its way', async () => {
    const slow = gate()
    serveList(many(2), { gate: slow.promise })
    await mountBell({ defaultOpen: true }, {}, false)
    await nextTick()
    expect(dialog().textContent).toContain('Loading notifications…')
    expect(queryByRole('list', undefined, dialog())).toBeNull()
    slow.open()
    await settle()
    expect(dialog().textContent).not.toContain('Loading notifications…')
    expect(rows()).toHaveLength(2)
  })

  it('says "loading", not "empty", while the first page waits for the stream to open', async () => {
    serveList(many(2))
    const pinia = createPinia()
    configureNotifications(pinia, { apiUrl: API, streamUrl: STREAM, stream: { EventSource: FakeEventSource }, warn: () => {} })
    setActivePinia(pinia)
    mounted.push(mount(NotificationBell, { props: { defaultOpen: true }, attachTo: document.body, global: { plugins: [pinia] } }))
    await nextTick()
    await nextTick()
    expect(dialog().textContent).toContain('Loading notifications…')
    expect(dialog().textContent).not.toContain('You have no notifications.')
    FakeEventSource.latest.simulateOpen()
    await settle()
    expect(rows()).toHaveLength(2)
  })

  it('shows the empty state', async () => {
    serveList([])
    await mountBell({ defaultOpen: true })
    expect(dialog().textContent).toContain('You have no notifications.')
    expect(queryByRole('list', undefined, dialog())).toBeNull()
  })

  it('renders the empty slot', async () => {
    serveList([])
    const wrapper = await mountBell({ defaultOpen: true })
    expect(wrapper.wrapper.exists()).toBe(true)
    for (const mountedWrapper of mounted.splice(0)) mountedWrapper.unmount()
    const pinia = createPinia()
    configureNotifications(pinia, { apiUrl: API, warn: () => {} })
    setActivePinia(pinia)
    mounted.push(
      mount(NotificationBell, {
        props: { defaultOpen: true },
        slots: { empty: '<p>All caught up</p>' },
        attachTo: document.body,
        global: { plugins: [pinia] },
      }),
    )
    await settle()
    expect(dialog().textContent).toContain('All caught up')
  })

  it('shows an error with a retry that reloads', async () => {
    serveList([], { status: 500 })
    await mountBell({ defaultOpen: true })
    const alert = getByRole('alert', undefined, dialog())
    expect(alert.textContent).toContain('Notifications could not be loaded.')
    serveList(many(2))
    getByRole('button', 'Try again', alert).click()
    await settle()
    expect(queryByRole('alert', undefined, dialog())).toBeNull()
    expect(rows()).toHaveLength(2)
  })

  it('shows a hint while the live connection is reconnecting', async () => {
    serveList(many(1))
    await mountBell({ defaultOpen: true })
    expect(dialog().textContent).not.toContain('Reconnecting')
    FakeEventSource.latest.failAndRetry()
    await nextTick()
    expect(dialog().textContent).toContain('Reconnecting… new notifications may be delayed.')
  })
})

describe('NotificationBell: safe rendering', () => {
  it('renders markup in notifications as text', async () => {
    serveList([raw(1, { title: '<b>bold</b>', message: '<img src=x onerror=alert(1)>' })])
    await mountBell({ defaultOpen: true })
    const row = rows()[0]!
    expect(row.textContent).toContain('<img src=x onerror=alert(1)>')
    expect(row.textContent).toContain('<b>bold</b>')
    expect(dialog().querySelector('img, b')).toBeNull()
  })

  it('renders a javascript: link as text without an anchor', async () => {
    const navigate = vi.fn()
    serveList([raw(1, { link: ' JavaScript:alert(1)' }), raw(2, { link: 'data:text/html,<script>alert(1)</script>' })])
    await mountBell({ defaultOpen: true, navigate })
    expect(queryAllByRole('link', undefined, dialog())).toHaveLength(0)
    expect(dialog().querySelector('a')).toBeNull()
    const first = getByRole('button', /Message 1/, dialog())
    expect(nameOf(first)).toContain('Link: JavaScript:alert(1)')
    first.click()
    expect(navigate).not.toHaveBeenCalled()
  })

  it('gives external links rel="noopener noreferrer" and leaves them to the browser', async () => {
    const navigate = vi.fn()
    serveList([raw(1, { link: 'https://other.example.org/path' })])
    await mountBell({ defaultOpen: true, navigate })
    const link = getByRole('link', /Message 1/, dialog())
    expect(link.getAttribute('href')).toBe('https://other.example.org/path')
    expect(link.getAttribute('rel')).toBe('noopener noreferrer')
    expect(link.getAttribute('target')).toBe('_blank')
    link.addEventListener('click', (event) => event.preventDefault())
    link.click()
    expect(navigate).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(calls).toContain('read:n1'))
  })
})

describe('NotificationBell: times', () => {
  it('shows relative times in a <time datetime> and keeps them current while open', async () => {
    const created = minutesAgo(5)
    serveList([raw(1, { createdAt: created })])
    await mountBell({ locale: 'en' })
    vi.useFakeTimers({ now: Date.now(), toFake: ['setInterval', 'clearInterval', 'Date'] })
    await openByClick()
    const time = dialog().querySelector('time')!
    expect(time.getAttribute('datetime')).toBe(created)
    expect(time.textContent?.trim()).toBe('5 minutes ago')
    expect(activeClockCount()).toBe(1)

    vi.advanceTimersByTime(60_000)
    await nextTick()
    expect(dialog().querySelector('time')!.textContent?.trim()).toBe('6 minutes ago')

    key(dialog(), 'Escape')
    await nextTick()
    expect(activeClockCount()).toBe(0)
  })

  it('formats in the given locale', async () => {
    serveList([raw(1, { createdAt: minutesAgo(3) })])
    await mountBell({ locale: 'de', defaultOpen: true })
    expect(dialog().querySelector('time')!.textContent?.trim()).toBe('vor 3 Minuten')
  })
})

describe('NotificationBell: announcements', () => {
  it('announces new notifications politely, throttled and summarised, but not the initial load', async () => {
    serveList(many(2))
    await mountBell()
    FakeEventSource.latest.simulateOpen()
    await settle()
    const region = liveRegion()
    expect(region.getAttribute('aria-live')).toBe('polite')

    vi.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    await advance(10_000)
    expect(region.textContent?.trim()).toBe('')

    const source = FakeEventSource.latest
    source.emit('notification', raw(-1, { createdAt: new Date().toISOString() }))
    source.emit('notification', raw(-2, { createdAt: new Date().toISOString() }))
    await afterFrame()
    await advance(400)
    expect(region.textContent?.trim()).toBe('2 new notifications')

    source.emit('notification', raw(-3, { createdAt: new Date().toISOString() }))
    await afterFrame()
    await advance(1000)
    source.emit('notification', raw(-4, { createdAt: new Date().toISOString() }))
    source.emit('notification', raw(-5, { createdAt: new Date().toISOString() }))
    await afterFrame()
    await advance(2000)
    expect(region.textContent?.trim()).toBe('2 new notifications')
    await advance(2000)
    expect(region.textContent?.trim()).toBe('3 new notifications')

    source.emit('notification', raw(-1, { message: 'edited', updatedAt: new Date().toISOString() }))
    await afterFrame()
    await advance(10_000)
    expect(region.textContent?.trim()).toBe('3 new notifications')
    expect(nameOf(bell())).toBe('Notifications, 7 unread')
  })

  it('announces the first arrival in an empty inbox loaded before the bell mounted', async () => {
    serveList([])
    const pinia = createPinia()
    configureNotifications(pinia, { apiUrl: API, streamUrl: STREAM, stream: { EventSource: FakeEventSource }, warn: () => {} })
    setActivePinia(pinia)
    const store = useNotificationStore()
    store.connect()
    FakeEventSource.latest.simulateOpen()
    await settle()
    mounted.push(mount(NotificationBell, { attachTo: document.body, global: { plugins: [pinia] } }))
    await nextTick()
    vi.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    FakeEventSource.latest.emit('notification', raw(1, { createdAt: new Date().toISOString() }))
    await afterFrame()
    await advance(500)
    expect(liveRegion().textContent?.trim()).toBe('1 new notification')
  })

  it('does not announce older pages from Load more', async () => {
    serveList(many(30))
    await mountBell({ defaultOpen: true }, { pageSize: 20 })
    getByRole('button', 'Load more', dialog()).click()
    await settle()
    expect(rows()).toHaveLength(30)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    await advance(10_000)
    expect(liveRegion().textContent?.trim()).toBe('')
  })
})

describe('NotificationBell: long lists', () => {
  it('renders at most one page of rows for 10,000 items and reveals more on demand', async () => {
    serveList(many(10_000))
    await mountBell({}, { pageSize: 10_000, maxItems: 20_000 })
    await openByClick()
    expect(rows().length).toBeLessThanOrEqual(100)
    expect(rows()).toHaveLength(50)
    const more = getByRole('button', 'Show more (9950)', dialog())
    more.click()
    await nextTick()
    await nextTick()
    expect(rows()).toHaveLength(100)
    expect(document.activeElement).toBe(queryAllByRole('button', /Message 51(?!\d)/, dialog())[0])
  })

  it('loads the next server page once all local items are shown', async () => {
    serveList(many(60))
    await mountBell({ pageSize: 50 }, { pageSize: 50 })
    await openByClick()
    expect(rows()).toHaveLength(50)
    expect(queryByRole('button', /^Show more/, dialog())).toBeNull()
    getByRole('button', 'Load more', dialog()).focus()
    getByRole('button', 'Load more', dialog()).click()
    await settle()
    await nextTick()
    expect(rows()).toHaveLength(60)
    expect(calls.filter((call) => call.startsWith('list:'))).toHaveLength(2)
    expect(nameOf(document.activeElement!)).toMatch(/Message 51/)
    expect(queryByRole('button', 'Load more', dialog())).toBeNull()
  })
})

describe('NotificationBell: slots and theme', () => {
  it('renders the icon, badge, header, item and footer slots with their props', async () => {
    serveList([raw(1), raw(2, { readAt: minutesAgo(1), link: '/two' })])
    const pinia = createPinia()
    configureNotifications(pinia, { apiUrl: API, warn: () => {} })
    setActivePinia(pinia)
    const wrapper = mount(NotificationBell, {
      props: { defaultOpen: true, theme: 'dark', locale: 'en' },
      slots: {
        icon: '<template #icon="{ unreadCount, open }">icon {{ unreadCount }} {{ open }}</template>',
        badge: '<template #badge="{ count, text, max }">{{ count }}/{{ text }}/{{ max }}</template>',
        header: '<template #header="{ unreadCount }"><span>Inbox ({{ unreadCount }})</span></template>',
        item: `<template #item="{ item, unread, link, time, index }">
          <span>{{ index }}:{{ item.id }}:{{ unread }}:{{ link ? link.href : 'none' }}:{{ time.relative }}</span>
        </template>`,
        footer: '<template #footer="{ hasMore }"><p>footer {{ hasMore }}</p></template>',
      },
      attachTo: document.body,
      global: { plugins: [pinia] },
    })
    mounted.push(wrapper)
    await settle()
    expect(wrapper.attributes('data-theme')).toBe('dark')
    expect(bell().textContent).toContain('icon 1 true')
    expect(wrapper.get('[data-testid="vsn-badge"]').text()).toBe('1/1/99')
    expect(nameOf(bell())).toBe('Notifications, 1 unread')
    expect(dialog().textContent).toContain('Inbox (1)')
    expect(queryByRole('button', 'Mark all read', dialog())).toBeNull()
    expect(rows().map((row) => nameOf(row))).toEqual(['0:n1:true:none:2 minutes ago', '1:n2:false:/two:3 minutes ago'])
    expect(getByRole('link', /n2/, dialog()).getAttribute('href')).toBe('/two')
    expect(dialog().textContent).toContain('footer false')
  })

  it('opens with ArrowUp on the last item and exposes open, close and focus', async () => {
    serveList(many(3))
    const { wrapper } = await mountBell()
    bell().focus()
    key(bell(), 'ArrowUp')
    await nextTick()
    await nextTick()
    expect(nameOf(document.activeElement!)).toMatch(/Message 3/)
    const exposed = wrapper.vm as unknown as { open: () => void; close: () => void; focus: () => void }
    exposed.close()
    await nextTick()
    await nextTick()
    expect(queryByRole('dialog')).toBeNull()
    expect(document.activeElement).toBe(bell())
    exposed.open()
    await nextTick()
    expect(queryByRole('dialog')).not.toBeNull()
  })
})

describe('NotificationBell: accessibility check', () => {
  // jsdom cannot compute colours, so axe's `color-contrast` rule is disabled.
  const run = (element: Element) =>
    axe.run(element, { rules: { 'color-contrast': { enabled: false } }, resultTypes: ['violations'] })

  it('has no axe violations when closed or open', async () => {
    serveList([
      raw(1),
      raw(2, { readAt: minutesAgo(1), link: '/inbox/2' }),
      raw(3, { link: 'https://other.example.org/' }),
      raw(4, { link: 'javascript:alert(1)' }),
    ])
    const { wrapper } = await mountBell()
    const closed = await run(wrapper.element)
    expect(closed.violations).toEqual([])

    await openByClick()
    const open = await run(wrapper.element)
    expect(open.violations).toEqual([])
  })
})

describe('NotificationBell: parts and placement', () => {
  it('passes the tabs and actions slots to its panel', async () => {
    serveList(many(2))
    await mountWithStore(NotificationBell, {
      props: { defaultOpen: true },
      slots: {
        tabs: '<template #tabs="{ unreadCount }"><p>{{ unreadCount }} unread</p></template>',
        actions: '<template #actions="{ item }"><button type="button">Archive {{ item.id }}</button></template>',
      },
    })
    expect(dialog().textContent).toContain('2 unread')
    expect(queryAllByRole('button', /^Archive/, dialog()).map(nameOf)).toEqual(['Archive n1', 'Archive n2'])
  })

  it('opens as a full-width sheet below sheetBreakpoint and as a popover above it', async () => {
    vi.stubGlobal('innerWidth', 375)
    try {
      serveList(many(1))
      const { wrapper } = await mountBell({ defaultOpen: true })
      await vi.waitFor(() => expect(dialog().hasAttribute('data-sheet')).toBe(true))
      expect(dialog().style.position).toBe('fixed')
      await wrapper.setProps({ sheetBreakpoint: 320 })
      await vi.waitFor(() => expect(dialog().hasAttribute('data-sheet')).toBe(false))
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('stays open when a row without a link is chosen and closes for a link', async () => {
    serveList([raw(1), raw(2, { link: '/two' })])
    const { wrapper } = await mountBell({ navigate: () => {} })
    await openByClick()
    getByRole('button', /Message 1/, dialog()).click()
    await nextTick()
    expect(queryByRole('dialog')).not.toBeNull()
    getByRole('link', /Message 2/, dialog()).click()
    await nextTick()
    expect(queryByRole('dialog')).toBeNull()
    expect(wrapper.emitted('select')?.map(([item]) => (item as { id: string }).id)).toEqual(['n1', 'n2'])
  })
})
