import { describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import NotificationList from '../../src/components/NotificationList.vue'
import type { NotificationItem as Item } from '../../src/types'
import { axeViolations } from '../support/axe'
import { mountWithStore, setUpPartTests, settleStore } from '../support/mountWithStore'
import { many, raw } from '../support/notificationsApi'
import { getByRole, key, nameOf, queryAllByRole, queryByRole } from '../support/roles'

const { calls, serveList } = setUpPartTests()

const list = (): HTMLElement => getByRole('list', 'Notification list')
const targets = (): HTMLElement[] => queryAllByRole('button', /Message/, list()).concat(queryAllByRole('link', undefined, list()))

describe('NotificationList', () => {
  it('lists the held notifications newest first, each row placed in the set', async () => {
    serveList(many(3))
    await mountWithStore(NotificationList, { props: { locale: 'en' } })
    const rows = queryAllByRole('listitem', undefined, list())
    expect(rows.map((row) => nameOf(row).split(' ').slice(0, 3).join(' '))).toEqual([
      'Unread: Title 1',
      'Unread: Title 2',
      'Unread: Title 3',
    ])
    expect(rows.map((row) => `${row.getAttribute('aria-posinset')}/${row.getAttribute('aria-setsize')}`)).toEqual(['1/3', '2/3', '3/3'])
    expect(list().getAttribute('aria-busy')).toBe('false')
  })

  it('has one Tab stop and moves with the arrows, Home and End', async () => {
    serveList(many(4))
    await mountWithStore(NotificationList)
    expect(targets().map((element) => element.tabIndex)).toEqual([0, -1, -1, -1])
    targets()[0]!.focus()
    key(document.activeElement!, 'ArrowDown')
    expect(document.activeElement).toBe(targets()[1])
    await nextTick()
    expect(targets().map((element) => element.tabIndex)).toEqual([-1, 0, -1, -1])
    key(document.activeElement!, 'End')
    expect(document.activeElement).toBe(targets()[3])
    key(document.activeElement!, 'Home')
    expect(document.activeElement).toBe(targets()[0])
    key(document.activeElement!, 'ArrowUp')
    expect(document.activeElement).toBe(targets()[0])
  })

  it('marks a chosen row read, emits select and navigates same-origin links', async () => {
    serveList([raw(1, { link: '/orders/1' }), raw(2)])
    const navigate = vi.fn()
    const { wrapper } = await mountWithStore(NotificationList, { props: { navigate } })
    const link = getByRole('link', /Message 1/, list())
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 })
    link.dispatchEvent(click)
    expect(click.defaultPrevented).toBe(true)
    expect(navigate).toHaveBeenCalledWith('/orders/1', expect.objectContaining({ id: 'n1' }), expect.objectContaining({ href: '/orders/1' }))
    const [item, safeLink] = wrapper.emitted<[Item, { external: boolean }]>('select')![0]!
    expect(item.id).toBe('n1')
    expect(safeLink.external).toBe(false)
    await vi.waitFor(() => expect(calls).toContain('read:n1'))

    // A modified click is left to the browser (a new tab, say) and not navigated.
    const ctrlClick = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0, ctrlKey: true })
    link.dispatchEvent(ctrlClick)
    expect(ctrlClick.defaultPrevented).toBe(false)
    expect(navigate).toHaveBeenCalledTimes(1)
  })

  it('reveals pageSize rows, then more on "Show more", then loads the next server page', async () => {
    serveList(many(25))
    await mountWithStore(NotificationList, { props: { pageSize: 10 } }, { pageSize: 20 })
    expect(queryAllByRole('listitem', undefined, list())).toHaveLength(10)
    getByRole('button', 'Show more (10)').click()
    await nextTick()
    await nextTick()
    expect(queryAllByRole('listitem', undefined, list())).toHaveLength(20)
    expect(nameOf(document.activeElement!)).toMatch(/Message 11(?!\d)/)
    expect(queryByRole('button', /^Show more/)).toBeNull()

    getByRole('button', 'Load more').focus()
    getByRole('button', 'Load more').click()
    await settleStore()
    await nextTick()
    expect(queryAllByRole('listitem', undefined, list())).toHaveLength(25)
    expect(nameOf(document.activeElement!)).toMatch(/Message 21/)
    expect(queryByRole('button', 'Load more')).toBeNull()
  })

  it('passes the item and actions slots to every row', async () => {
    serveList(many(2))
    await mountWithStore(NotificationList, {
      slots: {
        item: '<template #item="{ item, index }">row {{ index }} {{ item.id }}</template>',
        actions: '<template #actions="{ item }"><button type="button">Archive {{ item.id }}</button></template>',
      },
    })
    expect(queryAllByRole('button', /^row/).map(nameOf)).toEqual(['row 0 n1', 'row 1 n2'])
    expect(queryAllByRole('button', /^Archive/).map(nameOf)).toEqual(['Archive n1', 'Archive n2'])
  })

  it('has no axe violations', async () => {
    serveList([raw(1), raw(2, { link: '/two' }), raw(3, { link: 'https://other.example.org/' })], { unreadCount: 3 })
    const { wrapper } = await mountWithStore(NotificationList, { props: { pageSize: 2 } })
    expect(await axeViolations(wrapper.element)).toEqual([])
  })
})
