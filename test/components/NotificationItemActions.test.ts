import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import NotificationItemActions from '../../src/components/NotificationItemActions.vue'
import NotificationPanel from '../../src/components/NotificationPanel.vue'
import type { NotificationItemActionsSlotProps } from '../../src/components/types'
import { axeViolations } from '../support/axe'
import { mountWithStore, setUpPartTests, settleStore } from '../support/mountWithStore'
import { minutesAgo, raw } from '../support/notificationsApi'
import { getByRole, key, nameOf, queryAllByRole, queryByRole } from '../support/roles'

const { calls, serveList } = setUpPartTests()

/** The panel with the actions in its `actions` slot, as the guide shows. */
const PanelWithActions = defineComponent({
  emits: ['select'],
  setup: (_props, { emit }) => () =>
    h(NotificationPanel, { onSelect: (...args: unknown[]) => emit('select', ...args) }, {
      actions: ({ item, tabbable }: NotificationItemActionsSlotProps) => h(NotificationItemActions, { item, tabbable }),
    }),
})

const region = (): HTMLElement => getByRole('region', 'Notifications')
const button = (name: string | RegExp): HTMLElement => getByRole('button', name, region())
const rowTargets = (): HTMLElement[] => queryAllByRole('listitem', undefined, region()).map((row) => row.querySelector('[data-vsn-row]')!)

const inbox = () => [raw(1, { link: '/one' }), raw(2, { readAt: minutesAgo(1) }), raw(3)]

describe('NotificationItemActions', () => {
  it('names each button after its action and its notification, in the Tab sequence only for the list’s Tab stop', async () => {
    serveList(inbox())
    await mountWithStore(PanelWithActions)
    const names = queryAllByRole('listitem', undefined, region()).map((row) =>
      queryAllByRole('button', /^(Mark as|Archive)/, row).map((element) => `${nameOf(element)} [${element.tabIndex}]`),
    )
    expect(names).toEqual([
      ['Mark as read: Title 1 [0]', 'Archive: Title 1 [0]'],
      ['Mark as unread: Title 2 [-1]', 'Archive: Title 2 [-1]'],
      ['Mark as read: Title 3 [-1]', 'Archive: Title 3 [-1]'],
    ])
    // Outside the row's link, so they are not part of its name.
    expect(rowTargets()[0]!.contains(button('Mark as read: Title 1'))).toBe(false)

    // Focus moving down the list takes the Tab stop, actions included, with it.
    rowTargets()[0]!.focus()
    key(document.activeElement!, 'ArrowDown')
    await nextTick()
    expect(button('Archive: Title 2').tabIndex).toBe(0)
    expect(button('Archive: Title 1').tabIndex).toBe(-1)
  })

  it('marks read and unread without choosing the row, and archives', async () => {
    serveList(inbox())
    const { wrapper } = await mountWithStore(PanelWithActions)
    button('Mark as read: Title 1').click()
    await vi.waitFor(() => expect(calls).toContain('read:n1'))
    await nextTick()
    expect(nameOf(rowTargets()[0]!)).not.toMatch(/^Unread/)
    // The row was not chosen: no select, so a link would not be followed.
    expect(wrapper.emitted('select')).toBeUndefined()

    button('Mark as unread: Title 1').click()
    await vi.waitFor(() => expect(calls).toContain('unread:n1'))
    await nextTick()
    expect(nameOf(rowTargets()[0]!)).toMatch(/^Unread: Title 1/)

    button('Archive: Title 2').click()
    await vi.waitFor(() => expect(calls).toContain('archive:n2'))
    await settleStore()
    expect(rowTargets().map((target) => nameOf(target).split(' ').slice(0, 3).join(' '))).toEqual([
      'Unread: Title 1',
      'Unread: Title 3',
    ])
  })

  it('moves focus to the next row, else the previous one, else the panel, when its row leaves the list', async () => {
    serveList(inbox())
    await mountWithStore(PanelWithActions)
    const archive = button('Archive: Title 1')
    archive.focus()
    archive.click()
    await nextTick()
    await nextTick()
    expect(document.activeElement).toBe(getByRole('button', /^Title 2/, region()))

    const last = button('Archive: Title 3')
    last.focus()
    last.click()
    await nextTick()
    await nextTick()
    expect(nameOf(document.activeElement!)).toMatch(/^Title 2/)

    button('Archive: Title 2').focus()
    button('Archive: Title 2').click()
    await nextTick()
    await nextTick()
    expect(document.activeElement).toBe(region())
    await settleStore()
    expect(calls.filter((call) => call.startsWith('archive:'))).toEqual(['archive:n1', 'archive:n3', 'archive:n2'])
  })

  it('moves focus on when marking read takes the row out of the Unread filter', async () => {
    serveList(inbox())
    const { store } = await mountWithStore(PanelWithActions)
    store.filter = 'unread'
    await nextTick()
    const markRead = button('Mark as read: Title 1')
    markRead.focus()
    markRead.click()
    await nextTick()
    await nextTick()
    expect(nameOf(document.activeElement!)).toMatch(/^Unread: Title 3/)
  })

  it('offers no archive when the configuration has none', async () => {
    serveList(inbox())
    await mountWithStore(PanelWithActions, {}, { endpoints: { archive: false } })
    expect(queryByRole('button', /^Archive/, region())).toBeNull()
    expect(queryAllByRole('button', /^Mark as/, region())).toHaveLength(3)
  })

  it('archives in this browser when archiving is local', async () => {
    serveList(inbox())
    await mountWithStore(PanelWithActions, {}, { readState: { archive: 'local' }, localState: { storage: null } })
    button('Archive: Title 3').click()
    await nextTick()
    expect(queryByRole('button', /Title 3/, region())).toBeNull()
    expect(calls.filter((call) => call.startsWith('archive:'))).toEqual([])
  })

  it('has no axe violations', async () => {
    serveList(inbox())
    const { wrapper } = await mountWithStore(PanelWithActions)
    expect(await axeViolations(wrapper.element)).toEqual([])
  })
})
