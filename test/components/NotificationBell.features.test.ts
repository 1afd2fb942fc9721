import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import NotificationBell from '../../src/components/NotificationBell.vue'
import { FakeEventSource } from '../support/FakeEventSource'
import { mountWithStore, setUpPartTests } from '../support/mountWithStore'
import { STREAM, many, raw, type Raw } from '../support/notificationsApi'
import { getByRole, nameOf, queryAllByRole, queryByRole } from '../support/roles'

/** The bell's opt-in features: filter tabs, the unseen badge; and its panel staying invisible until placed. */
const api = setUpPartTests()
/** What the server lists: a notification sent on the stream is in it from then on, as on a real server. */
let served: Raw[] = []
function serveList(list: Raw[]): void {
  served = list
  api.serveList(served)
}

const bell = (): HTMLElement => getByRole('button', /^Notifications/)
const dialog = (): HTMLElement => getByRole('dialog', 'Notifications')
const badge = (): string | null => document.querySelector('[data-testid="vsn-badge"]')?.textContent?.trim() ?? null

async function toggle(): Promise<void> {
  bell().click()
  await nextTick()
  await nextTick()
}

/** Sends a notification created now on the open stream, and waits for the frame it is published in. */
async function arrive(n: number): Promise<void> {
  const item = raw(n, { createdAt: new Date().toISOString() })
  serveList([item, ...served])
  FakeEventSource.latest.emit('notification', item)
  await new Promise((resolve) => setTimeout(resolve, 60))
  await nextTick()
}

beforeEach(() => FakeEventSource.reset())

describe('NotificationBell: filter tabs', () => {
  it('shows All / Unread tabs with filter-tabs, loaded when needed, and none without', async () => {
    serveList([raw(1), raw(2, { readAt: new Date().toISOString() })])
    const { wrapper } = await mountWithStore(NotificationBell, { props: { defaultOpen: true } })
    expect(queryByRole('tablist', undefined, dialog())).toBeNull()
    expect(queryByRole('tabpanel', undefined, dialog())).toBeNull()

    await wrapper.setProps({ filterTabs: true })
    await vi.waitFor(() => expect(queryAllByRole('tab', undefined, dialog()).map(nameOf)).toEqual(['All', 'Unread 1']))
    getByRole('tab', /^Unread/, dialog()).click()
    await nextTick()
    const rows = queryAllByRole('listitem', undefined, getByRole('tabpanel', undefined, dialog()))
    expect(rows.map((row) => nameOf(row).split(' ').slice(0, 3).join(' '))).toEqual(['Unread: Title 1'])
  })

  it('renders a tabs slot in place of its own tabs', async () => {
    serveList(many(1))
    await mountWithStore(NotificationBell, {
      props: { defaultOpen: true, filterTabs: true },
      slots: { tabs: '<template #tabs="{ unreadCount }"><p>Custom {{ unreadCount }}</p></template>' },
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(dialog().textContent).toContain('Custom 1')
    expect(queryByRole('tablist', undefined, dialog())).toBeNull()
  })
})

describe('NotificationBell: badge="unseen"', () => {
  it('counts what arrived since the panel was last open; opening it, and arrivals while open, are seen', async () => {
    serveList(many(2))
    const { store } = await mountWithStore(
      NotificationBell,
      { props: { badge: 'unseen' } },
      { streamUrl: STREAM, stream: { EventSource: FakeEventSource }, localState: { storage: null } },
    )
    FakeEventSource.latest.simulateOpen()
    expect(badge()).toBe('2')
    expect(nameOf(bell())).toBe('Notifications, 2 new')

    await toggle()
    expect(badge()).toBeNull()
    expect(nameOf(bell())).toBe('Notifications')
    // Seen is not read.
    expect(store.unreadCount).toBe(2)

    await arrive(0)
    expect(badge()).toBeNull()

    await toggle()
    await arrive(-1)
    expect(badge()).toBe('1')
    expect(nameOf(bell())).toBe('Notifications, 1 new')
    expect(store.unreadCount).toBe(4)
  })

  it('counts unread notifications by default, and does not mark them seen', async () => {
    serveList(many(2))
    const { store } = await mountWithStore(NotificationBell, {}, { localState: { storage: null } })
    await toggle()
    expect(badge()).toBe('2')
    expect(nameOf(bell())).toBe('Notifications, 2 unread')
    expect(store.unseenCount).toBe(2)
  })
})

describe('NotificationBell: placement', () => {
  it('marks the panel placed only once the positioning code has placed it', async () => {
    serveList(many(1))
    await mountWithStore(NotificationBell, { props: { defaultOpen: true } })
    await vi.waitFor(() => expect(dialog().hasAttribute('data-placed')).toBe(true))
    expect(dialog().style.position).toBe('fixed')
    await toggle()
    await toggle()
    // A new opening is placed again: the attribute does not outlive the panel.
    expect(dialog().hasAttribute('data-placed')).toBe(false)
    await vi.waitFor(() => expect(dialog().hasAttribute('data-placed')).toBe(true))
  })
})
