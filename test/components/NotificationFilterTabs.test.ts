import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import NotificationFilterTabs from '../../src/components/NotificationFilterTabs.vue'
import NotificationPanel from '../../src/components/NotificationPanel.vue'
import { axeViolations } from '../support/axe'
import { mountWithStore, setUpPartTests } from '../support/mountWithStore'
import { minutesAgo, raw } from '../support/notificationsApi'
import { getByRole, key, nameOf, queryAllByRole } from '../support/roles'

const { serveList } = setUpPartTests()

/** The panel with the tabs in its `tabs` slot, as `<NotificationBell filter-tabs>` renders it. */
const PanelWithTabs = defineComponent({
  props: { dir: { type: String, default: 'ltr' } },
  setup: (props) => () =>
    h(NotificationPanel, null, {
      tabs: ({ tabpanelId }: { tabpanelId: string }) => h(NotificationFilterTabs, { tabpanelId, style: { direction: props.dir } }),
    }),
})

const tablist = (): HTMLElement => getByRole('tablist', 'Filter')
const tab = (name: RegExp): HTMLElement => getByRole('tab', name, tablist())
const rowNames = (): string[] =>
  queryAllByRole('listitem', undefined, getByRole('tabpanel')).map((row) => nameOf(row).split(' ').slice(0, 3).join(' '))

const inbox = [raw(1), raw(2, { readAt: minutesAgo(1) }), raw(3)]

describe('NotificationFilterTabs', () => {
  it('is a tab list of All and Unread, the selected tab in the Tab sequence and naming the list’s tab panel', async () => {
    serveList(inbox)
    await mountWithStore(PanelWithTabs)
    const tabs = queryAllByRole('tab', undefined, tablist())
    expect(tabs.map(nameOf)).toEqual(['All', 'Unread 2'])
    expect(tabs.map((element) => element.getAttribute('aria-selected'))).toEqual(['true', 'false'])
    expect(tabs.map((element) => element.tabIndex)).toEqual([0, -1])
    const panel = getByRole('tabpanel')
    for (const element of tabs) expect(element.getAttribute('aria-controls')).toBe(panel.id)
    expect(panel.getAttribute('aria-labelledby')).toBe(tabs[0]!.id)
    expect(rowNames()).toEqual(['Unread: Title 1', 'Title 2 Message', 'Unread: Title 3'])
  })

  it('filters the list when a tab is chosen, by click or with the arrow keys, Home and End', async () => {
    serveList(inbox)
    const { store } = await mountWithStore(PanelWithTabs)
    tab(/^Unread/).click()
    await nextTick()
    expect(store.filter).toBe('unread')
    expect(rowNames()).toEqual(['Unread: Title 1', 'Unread: Title 3'])
    expect(getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(tab(/^Unread/).id)

    // Selection follows focus; the arrows wrap around.
    tab(/^Unread/).focus()
    key(document.activeElement!, 'ArrowRight')
    await nextTick()
    expect(document.activeElement).toBe(tab(/^All/))
    expect(store.filter).toBe('all')
    expect(queryAllByRole('tab', undefined, tablist()).map((element) => element.tabIndex)).toEqual([0, -1])
    key(document.activeElement!, 'ArrowLeft')
    await nextTick()
    expect(document.activeElement).toBe(tab(/^Unread/))
    key(document.activeElement!, 'Home')
    await nextTick()
    expect(store.filter).toBe('all')
    key(document.activeElement!, 'End')
    await nextTick()
    expect(store.filter).toBe('unread')
    expect(rowNames()).toHaveLength(2)
  })

  it('follows the reading direction with the arrow keys in a right-to-left page', async () => {
    serveList(inbox)
    const { store } = await mountWithStore(PanelWithTabs, { props: { dir: 'rtl' } })
    tab(/^All/).focus()
    key(document.activeElement!, 'ArrowLeft')
    await nextTick()
    expect(store.filter).toBe('unread')
    expect(document.activeElement).toBe(tab(/^Unread/))
  })

  it('says when nothing is unread, and keeps the tab panel the tabs point to', async () => {
    serveList([raw(1, { readAt: minutesAgo(1) })])
    await mountWithStore(PanelWithTabs)
    expect(nameOf(tab(/^Unread/))).toBe('Unread')
    tab(/^Unread/).click()
    await nextTick()
    const panel = getByRole('tabpanel')
    expect(panel.textContent?.trim()).toBe('You have no unread notifications.')
    expect(tab(/^Unread/).getAttribute('aria-controls')).toBe(panel.id)
  })

  it('has no axe violations, in either tab', async () => {
    serveList(inbox)
    const { wrapper } = await mountWithStore(PanelWithTabs)
    expect(await axeViolations(wrapper.element)).toEqual([])
    tab(/^Unread/).click()
    await nextTick()
    expect(await axeViolations(wrapper.element)).toEqual([])
  })
})
