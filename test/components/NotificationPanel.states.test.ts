import { beforeEach, describe, expect, it, vi } from 'vitest'
import { http, HttpResponse } from 'msw'
import { nextTick } from 'vue'
import NotificationPanel from '../../src/components/NotificationPanel.vue'
import { FakeEventSource } from '../support/FakeEventSource'
import { mountWithStore, setUpPartTests, settleStore } from '../support/mountWithStore'
import { API, STREAM, many, raw } from '../support/notificationsApi'
import { getByRole, nameOf, queryByRole } from '../support/roles'

/** What the panel offers and tells, by the store's configuration and state. */
const { server, calls, serveList } = setUpPartTests()

const region = (): HTMLElement => getByRole('region', 'Notifications')
const alert = (): HTMLElement => getByRole('alert', undefined, region())
/** What the panel shows, as text. */
const shown = (): string => (region().textContent ?? '').replace(/\s+/g, ' ')
const stream = { streamUrl: STREAM, stream: { EventSource: FakeEventSource } }

/** Answers `method url` with HTTP 500 from now on. */
function fail(method: 'post' | 'delete', url: string): void {
  server.use(http[method](url, () => HttpResponse.json({ message: 'boom' }, { status: 500 })))
}

beforeEach(() => FakeEventSource.reset())

describe('NotificationPanel: what it offers', () => {
  it('offers Refresh and Mark all read with the default REST endpoints', async () => {
    serveList(many(2))
    await mountWithStore(NotificationPanel)
    expect(getByRole('button', 'Refresh', region())).toBeTruthy()
    expect(getByRole('button', 'Mark all read', region())).toBeTruthy()
  })

  it('offers no Mark all read when the backend has no read-all route and read state is on the server', async () => {
    serveList(many(2))
    const { store } = await mountWithStore(NotificationPanel, {}, { endpoints: { markAllRead: false } })
    expect(store.capabilities.markAllRead).toBe(false)
    expect(getByRole('button', 'Refresh', region())).toBeTruthy()
    expect(queryByRole('button', 'Mark all read', region())).toBeNull()
  })

  it('offers no Refresh without a list, and Mark all read in this browser', async () => {
    const { store } = await mountWithStore(NotificationPanel, {}, { apiUrl: undefined, connect: false, ...stream, localState: { storage: null } })
    store.connect()
    FakeEventSource.latest.simulateOpen()
    FakeEventSource.latest.emit('message', 'Build passed')
    await vi.waitFor(() => expect(shown()).toContain('Build passed'))
    expect(queryByRole('button', 'Refresh', region())).toBeNull()
    getByRole('button', 'Mark all read', region()).click()
    await nextTick()
    expect(shown()).not.toMatch(/Unread:/)
    // Nothing was asked of a REST API that does not exist.
    expect(calls).toEqual([])
  })
})

describe('NotificationPanel: the error banner', () => {
  it('tells a failed mark-read apart from a failed load, and Try again retries exactly the mark-read', async () => {
    serveList(many(2))
    fail('post', `${API}/:id/read`)
    const { store } = await mountWithStore(NotificationPanel)
    calls.length = 0
    getByRole('button', /Message 1/, region()).click()
    await settleStore()
    await vi.waitFor(() => expect(nameOf(alert())).toContain('The notification could not be marked as read.'))
    expect(nameOf(getByRole('button', /Message 1/, region()))).toMatch(/^Unread:/)

    server.resetHandlers()
    serveList(many(2))
    getByRole('button', 'Try again', alert()).click()
    await vi.waitFor(() => expect(calls).toEqual(['read:n1']))
    await vi.waitFor(() => expect(queryByRole('alert', undefined, region())).toBeNull())
    expect(store.items.find((item) => item.id === 'n1')?.readAt).toEqual(expect.any(String))
  })

  it('tells failed mark-unread and archive apart, each retried by Try again', async () => {
    serveList([raw(1, { readAt: new Date().toISOString() }), raw(2)])
    fail('post', `${API}/:id/unread`)
    fail('delete', `${API}/:id`)
    const { store } = await mountWithStore(NotificationPanel)
    calls.length = 0

    void store.markUnread('n1')
    await vi.waitFor(() => expect(nameOf(alert())).toContain('The notification could not be marked as unread.'))
    void store.archive('n2')
    await vi.waitFor(() => expect(nameOf(alert())).toContain('The notification could not be archived.'))
    // The archived row came back when the request failed.
    expect(shown()).toContain('Message 2')

    server.resetHandlers()
    serveList([raw(1), raw(2)])
    getByRole('button', 'Try again', alert()).click()
    await vi.waitFor(() => expect(calls).toEqual(['archive:n2']))
    await vi.waitFor(() => expect(shown()).not.toContain('Message 2'))
  })

  it('says an action is not available, without a Try again that cannot help', async () => {
    serveList(many(1))
    const { store } = await mountWithStore(NotificationPanel, {}, { endpoints: { archive: false } })
    expect(store.capabilities.archive).toBe(false)
    void store.archive('n1')
    await vi.waitFor(() => expect(nameOf(alert())).toContain('This action is not available.'))
    expect(queryByRole('button', 'Try again', alert())).toBeNull()
    getByRole('button', 'Dismiss', alert()).click()
    await nextTick()
    expect(queryByRole('alert', undefined, region())).toBeNull()
    expect(store.error).toBeNull()
  })
})

describe('NotificationPanel: live updates', () => {
  async function mountStreaming(list = many(1)) {
    serveList(list)
    const mounted = await mountWithStore(NotificationPanel, {}, { connect: false, ...stream })
    mounted.store.connect()
    FakeEventSource.latest.simulateOpen()
    await settleStore()
    return mounted
  }

  /** Drops the open connection; the next attempt is answered `status` before it opens. */
  async function nextAttemptAnswered(status: number): Promise<void> {
    FakeEventSource.latest.failAndRetry()
    await vi.waitFor(() => expect(FakeEventSource.instances).toHaveLength(2), { timeout: 5000 })
    FakeEventSource.latest.failAndClose(status)
  }

  it('says "You are signed out" for a stream answered 401, instead of "Reconnecting" or "no notifications"', async () => {
    await mountStreaming([])
    expect(shown()).toContain('You have no notifications.')
    await nextAttemptAnswered(401)
    await vi.waitFor(() => expect(shown()).toContain('You are signed out. Sign in to see your notifications.'))
    expect(shown()).not.toMatch(/no notifications|Reconnecting|unavailable/)
    expect(queryByRole('alert', undefined, region())).toBeNull()
  })

  it('says live updates are unavailable and why, for a stream answered with a page instead of events', async () => {
    const { store } = await mountStreaming()
    // The next attempt is answered 200 without text/event-stream: a login page, say.
    const failing = nextAttemptAnswered(200)
    await nextTick()
    expect(shown()).toContain('Reconnecting… new notifications may be delayed.')
    await failing
    await vi.waitFor(() =>
      expect(shown()).toContain('Live updates are unavailable. The server sent no event stream (a login page?).'),
    )
    expect(store.connection).toBe('reconnecting')
    expect(shown()).not.toContain('Reconnecting')
  })

  it('shows nothing while a stream that ends after each message is between two connections', async () => {
    const { store } = await mountStreaming()
    FakeEventSource.latest.emit('notification', raw(0, { createdAt: new Date().toISOString() }))
    FakeEventSource.latest.failAndRetry()
    await nextTick()
    expect(store.connection).toBe('resuming')
    expect(region().querySelector('.vsn-panel__hint')).toBeNull()
    expect(shown()).not.toMatch(/Reconnecting|unavailable/)
  })
})
