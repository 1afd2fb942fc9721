import { describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { nextTick } from 'vue'
import NotificationPanel from '../../src/components/NotificationPanel.vue'
import { axeViolations } from '../support/axe'
import { mountWithStore, setUpPartTests, settleStore } from '../support/mountWithStore'
import { FakeEventSource } from '../support/FakeEventSource'
import { STREAM, many } from '../support/notificationsApi'
import { getByRole, key, nameOf, queryByRole } from '../support/roles'

const { calls, serveList } = setUpPartTests()

const region = (): HTMLElement => getByRole('region', 'Notifications')

describe('NotificationPanel', () => {
  it('is a named region on a page, with the header actions, the list and no dialog', async () => {
    serveList(many(2))
    await mountWithStore(NotificationPanel)
    expect(region().tabIndex).toBe(-1)
    expect(queryByRole('dialog')).toBeNull()
    expect(getByRole('button', 'Refresh', region())).toBeTruthy()
    expect(getByRole('list', 'Notification list', region())).toBeTruthy()
  })

  it('moves into the list with the arrow keys from outside it', async () => {
    serveList(many(3))
    await mountWithStore(NotificationPanel)
    const refresh = getByRole('button', 'Refresh', region())
    refresh.focus()
    key(refresh, 'ArrowUp')
    expect(nameOf(document.activeElement!)).toMatch(/Message 3/)
    refresh.focus()
    key(refresh, 'ArrowDown')
    expect(nameOf(document.activeElement!)).toMatch(/Message 3/)
  })

  it('shows a fetch error in a dismissible banner and keeps focus in the panel', async () => {
    serveList([], { status: 500 })
    await mountWithStore(NotificationPanel, {}, { connect: false })
    getByRole('button', 'Refresh', region()).click()
    await settleStore()
    const alert = getByRole('alert', undefined, region())
    expect(nameOf(alert)).toContain('Notifications could not be loaded.')
    getByRole('button', 'Dismiss', alert).focus()
    getByRole('button', 'Dismiss', alert).click()
    await nextTick()
    await nextTick()
    expect(queryByRole('alert', undefined, region())).toBeNull()
    expect(document.activeElement).toBe(region())

    // A new failure shows the banner again.
    getByRole('button', 'Refresh', region()).click()
    await settleStore()
    expect(getByRole('alert', undefined, region())).toBeTruthy()
  })

  it('retries through the banner', async () => {
    serveList([], { status: 500 })
    await mountWithStore(NotificationPanel)
    serveList(many(1))
    getByRole('button', 'Try again', getByRole('alert', undefined, region())).click()
    await settleStore()
    expect(queryByRole('alert', undefined, region())).toBeNull()
    expect(calls.filter((call) => call.startsWith('list:'))).toHaveLength(2)
  })

  it('renders the tabs slot under the header and emits close from the header slot', async () => {
    serveList(many(2))
    const { wrapper } = await mountWithStore(NotificationPanel, {
      slots: {
        header: '<template #header="{ close }"><button type="button" @click="close">Close</button></template>',
        tabs: '<template #tabs="{ unreadCount }"><div role="tablist" aria-label="Filter"><button role="tab" type="button">Unread ({{ unreadCount }})</button></div></template>',
      },
    })
    expect(nameOf(region().querySelector('[role="tab"]')!)).toBe('Unread (2)')
    getByRole('button', 'Close', region()).click()
    expect(wrapper.emitted('close')).toEqual([[]])
  })

  it('does not claim a stream-only inbox is empty while its stream is not open', async () => {
    FakeEventSource.reset()
    const { store } = await mountWithStore(
      NotificationPanel,
      {},
      { apiUrl: undefined, streamUrl: STREAM, stream: { EventSource: FakeEventSource }, localState: { storage: null }, connect: false },
    )
    store.connect()
    await nextTick()
    const region = getByRole('region', 'Notifications')
    // Connecting: nothing came yet, which says nothing about what there is.
    expect(region.textContent).toContain('No notifications received yet.')
    FakeEventSource.latest.simulateOpen()
    await vi.waitFor(() => expect(region.textContent).toContain('You have no notifications.'))
    FakeEventSource.latest.failAndRetry()
    await vi.waitFor(() => expect(region.textContent).toContain('No notifications received yet.'))
    expect(region.textContent).not.toContain('You have no notifications.')
    expect(region.textContent).toContain('Reconnecting')
  })

  it('has no axe violations, with rows, with the error banner and as a dialog', async () => {
    serveList(many(3))
    const { wrapper } = await mountWithStore(NotificationPanel)
    expect(await axeViolations(wrapper.element)).toEqual([])
    serveList([], { status: 500 })
    getByRole('button', 'Refresh', region()).click()
    await settleStore()
    expect(getByRole('alert', undefined, region())).toBeTruthy()
    expect(await axeViolations(wrapper.element)).toEqual([])
    await wrapper.setProps({ role: 'dialog' })
    await flushPromises()
    expect(getByRole('dialog', 'Notifications')).toBeTruthy()
    expect(await axeViolations(wrapper.element)).toEqual([])
  })
})
