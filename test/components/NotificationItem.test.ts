import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import NotificationItem from '../../src/components/NotificationItem.vue'
import type { NotificationItemProps } from '../../src/components/types'
import type { NotificationItem as Item } from '../../src/types'
import { axeViolations } from '../support/axe'
import { getByRole, nameOf, queryAllByRole, queryByRole } from '../support/roles'

const NOW = Date.parse('2026-03-01T12:00:00.000Z')

const item = (extra: Partial<Item> = {}): Item => ({
  id: 'n1',
  title: 'Deploy finished',
  message: 'Version 2.3.1 is live.',
  createdAt: new Date(NOW - 5 * 60_000).toISOString(),
  readAt: null,
  ...extra,
})

const mounted: VueWrapper[] = []

/** One row in a list, as a list renders it. */
function mountRow(props: NotificationItemProps, slots: Record<string, string> = {}) {
  const list = document.createElement('ul')
  list.setAttribute('aria-label', 'Notification list')
  document.body.append(list)
  const wrapper = mount(NotificationItem, { props: { now: NOW, locale: 'en', ...props }, slots, attachTo: list })
  mounted.push(wrapper)
  return wrapper
}

afterEach(() => {
  for (const wrapper of mounted.splice(0)) wrapper.unmount()
  document.body.innerHTML = ''
})

describe('NotificationItem', () => {
  it('is a button without a link, named with the unread marker, title, message and time', () => {
    mountRow({ item: item() })
    const row = getByRole('button')
    expect(nameOf(row)).toBe('Unread: Deploy finished Version 2.3.1 is live. 5 minutes ago')
    expect(row.tabIndex).toBe(0)
    const time = row.querySelector('time')!
    expect(time.getAttribute('datetime')).toBe(item().createdAt)
    expect(time.getAttribute('title')).toMatch(/2026/)
  })

  it('is a same-tab link for a same-origin URL, without the external icon', () => {
    mountRow({ item: item({ link: '/deploys/231', readAt: new Date(NOW).toISOString() }) })
    const link = getByRole('link')
    expect(link.getAttribute('href')).toBe('/deploys/231')
    expect(link.hasAttribute('target')).toBe(false)
    expect(link.querySelector('svg')).toBeNull()
    expect(nameOf(link)).toBe('Deploy finished Version 2.3.1 is live. 5 minutes ago')
  })

  it('marks a link to another origin with an icon and "(opens in a new tab)"', () => {
    mountRow({ item: item({ link: 'https://status.example.org/incident' }) })
    const link = getByRole('link')
    expect(link.getAttribute('target')).toBe('_blank')
    expect(link.getAttribute('rel')).toBe('noopener noreferrer')
    expect(nameOf(link)).toBe('Unread: Deploy finished Version 2.3.1 is live. 5 minutes ago (opens in a new tab)')
    const icon = link.querySelector('svg')!
    expect(icon.getAttribute('aria-hidden')).toBe('true')
    expect(icon.getAttribute('focusable')).toBe('false')
  })

  it('keeps the icon but not the new-tab words for externalTarget "_self", and translates the words', () => {
    mountRow({ item: item({ link: 'https://status.example.org/' }), externalTarget: '_self' })
    expect(nameOf(getByRole('link'))).not.toContain('new tab')
    expect(getByRole('link').querySelector('svg')).not.toBeNull()
    for (const wrapper of mounted.splice(0)) wrapper.unmount()

    mountRow({ item: item({ link: 'https://status.example.org/' }), labels: { opensInNewTab: '(öffnet in neuem Tab)' } })
    expect(nameOf(getByRole('link'))).toMatch(/\(öffnet in neuem Tab\)$/)
  })

  it('shows an unsafe link as text in a button', () => {
    mountRow({ item: item({ link: 'javascript:alert(1)' }) })
    expect(queryByRole('link')).toBeNull()
    expect(nameOf(getByRole('button'))).toContain('Link: javascript:alert(1)')
  })

  it('emits select with the item, the checked link and the click', async () => {
    const row = mountRow({ item: item({ link: '/deploys/231' }) })
    getByRole('link').addEventListener('click', (event) => event.preventDefault())
    getByRole('link').click()
    const [selected, link, event] = row.emitted('select')![0] as [Item, { href: string }, MouseEvent]
    expect(selected.id).toBe('n1')
    expect(link.href).toBe('/deploys/231')
    expect(event).toBeInstanceOf(MouseEvent)
  })

  it('leaves the Tab sequence when not tabbable and tells its place in a windowed list', () => {
    mountRow({ item: item(), tabbable: false, index: 4, setSize: 40 })
    expect(getByRole('button').tabIndex).toBe(-1)
    const row = getByRole('listitem')
    expect(row.getAttribute('aria-posinset')).toBe('5')
    expect(row.getAttribute('aria-setsize')).toBe('40')
    expect(row.dataset.index).toBe('4')
  })

  it('renders the default slot inside the target and the actions slot beside it', () => {
    mountRow(
      { item: item() },
      {
        default: '<template #default="{ item, unread, index }">{{ index }}:{{ item.id }}:{{ unread }}</template>',
        actions: '<template #actions="{ item }"><button type="button">Archive {{ item.id }}</button></template>',
      },
    )
    const buttons = queryAllByRole('button')
    expect(buttons.map(nameOf)).toEqual(['0:n1:true', 'Archive n1'])
    // Not nested: the action is a sibling of the row's own button.
    expect(buttons[0]!.contains(buttons[1]!)).toBe(false)
  })

  it('has no axe violations as a button, a link, an external link and with actions', async () => {
    const cases: Partial<Item>[] = [{}, { link: '/a' }, { link: 'https://other.example.org/' }]
    const Host = defineComponent({
      setup: () => () =>
        h(
          'ul',
          { 'aria-label': 'Notification list' },
          cases.map((extra, index) =>
            h(NotificationItem, { item: item({ ...extra, id: `n${index}` }), index, setSize: cases.length, now: NOW }, {
              actions: () => h('button', { type: 'button' }, 'Archive'),
            }),
          ),
        ),
    })
    const wrapper = mount(Host, { attachTo: document.body })
    mounted.push(wrapper)
    expect(await axeViolations(wrapper.element)).toEqual([])
  })
})
