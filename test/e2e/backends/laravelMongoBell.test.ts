import { setTimeout as sleep } from 'node:timers/promises'
import type { Route } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { LaravelMongoBell, type MongoNotification } from '../../backends/laravelMongoBell'
import { announcedUnread, BellPage, setUpTutorialBrowser } from './tutorialPage'

/**
 * Seed 002: Laravel 10 + MongoDB. The list is a plain array of the latest 10,
 * the stream a per-connection loop over the cache, both behind a session;
 * no read endpoints.
 */
describe('Laravel + MongoDB bell (seed 002) in the bell', () => {
  const session = setUpTutorialBrowser()
  let backend: LaravelMongoBell
  let bell: BellPage | undefined
  let nextUser = 1

  beforeAll(async () => {
    backend = new LaravelMongoBell({ fallback: (req, res) => session.pages.handle(req, res) })
    await backend.server.start()
  })
  afterAll(() => backend?.server.stop())
  afterEach(async () => {
    const errors = bell?.pageErrors ?? []
    await bell?.close()
    bell = undefined
    expect(errors).toEqual([])
  })

  /** A user of its own for each test, with a session and the page open. */
  async function signedIn(path?: string): Promise<{ user: number; bell: BellPage }> {
    const user = nextUser++
    bell = await BellPage.open(session, backend.server.origin, { backend: 'laravelMongoBell' }, { cookies: [backend.signIn(user)], path })
    return { user, bell }
  }

  /** Creates notifications a few ms apart, so that no two share a `created_at`. */
  async function notify(user: number, ...messages: (string | [string, string])[]): Promise<MongoNotification[]> {
    const created: MongoNotification[] = []
    for (const message of messages) {
      created.push(typeof message === 'string' ? backend.notify(user, message) : backend.notify(user, ...message))
      await sleep(3)
    }
    return created
  }

  /** The user's messages in the database, newest first: what the bell must show, each once. */
  function expected(documents: readonly MongoNotification[]): string[] {
    return documents.map((document) => document.message).reverse()
  }

  async function shownMessages(): Promise<string[]> {
    return (await bell!.rows()).map((row) => row.message)
  }

  it('shows what was waiting and what arrives live, once each, newest first', async () => {
    const user = nextUser
    // Created while the user was away: in the database and, for 10 minutes, in the cache the stream reads.
    const waiting = await notify(user, 'Invoice #1 paid', 'Order #2 shipped', 'New comment on #3')
    const { bell } = await signedIn()
    await expect.poll(shownMessages, { timeout: 10_000 }).toEqual(expected(waiting))
    const live = await notify(user, 'Order #4 shipped', 'Invoice #5 paid')
    await expect.poll(shownMessages).toEqual(expected([...waiting, ...live]))
    const snapshot = await bell.snapshot()
    expect(announcedUnread(snapshot)).toBe(5)
    expect(snapshot.rows.every((row) => row.unread)).toBe(true)
    // A list to refresh from; read state kept here, so "mark all read" too.
    for (const action of ['Refresh', 'Mark all read']) expect(await bell.panel().getByRole('button', { name: action }).count()).toBe(1)
    expect(await bell.troubleShown()).toEqual([])
  })

  it('keeps read state in the browser across a reload and a link followed', async () => {
    const user = nextUser
    const documents = await notify(user, 'Invoice #1 paid', ['Order #2 shipped', '/orders/2'], 'New comment on #3')
    const { bell } = await signedIn()
    await expect.poll(shownMessages, { timeout: 10_000 }).toEqual(expected(documents))

    // A row without a link: read in place, no request (the backend has no read endpoint).
    await bell.panel().getByRole('button', { name: /New comment on #3/ }).click()
    await expect.poll(async () => (await bell.rows())[0]?.unread).toBe(false)
    // A row with a link: read, then the app goes there (a page load).
    await Promise.all([bell.page.waitForURL(/\/orders\/2$/), bell.panel().getByRole('link', { name: /Order #2 shipped/ }).click()])
    await bell.openPanel()
    await expect.poll(() => bell.rows(), { timeout: 10_000 }).toEqual([
      { message: 'New comment on #3', unread: false },
      { message: 'Order #2 shipped', unread: false },
      { message: 'Invoice #1 paid', unread: true },
    ])
    expect(announcedUnread(await bell.snapshot())).toBe(1)

    await bell.panel().getByRole('button', { name: 'Mark all read' }).click()
    await expect.poll(async () => announcedUnread(await bell.snapshot())).toBe(0)
    await bell.reload()
    await expect.poll(() => bell.rows(), { timeout: 10_000 }).toHaveLength(3)
    expect((await bell.rows()).some((row) => row.unread)).toBe(false)
    expect(await bell.troubleShown()).toEqual([])
    // While the first page waited for the stream, the panel said it was loading, not that there was nothing.
    expect(await bell.shownLines()).toContain('Loading notifications…')
    expect(await bell.shownLines()).not.toContain('You have no notifications.')
  })

  it('recovers over REST the notification a dead stream loop took from the cache', async () => {
    const user = nextUser
    const before = await notify(user, 'Invoice #1 paid')
    const { bell } = await signedIn()
    await expect.poll(shownMessages, { timeout: 10_000 }).toEqual(expected(before))

    // Hold the browser's next stream request, so that only the old loop can take what comes next.
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    await bell.page.route(/\/notifications\/stream/, async (route: Route) => {
      await released
      await route.continue()
    })
    backend.server.dropStreams()
    const [lost] = await notify(user, 'Order #2 shipped')
    // The old loop does not know its client is gone until it writes: it took the notification with it.
    await expect.poll(() => backend.swallowed.map((document) => document._id)).toEqual([lost!._id])

    release()
    await bell.reconnectAfterDrop(backend.server)
    // The new connection sends its headers with its first notification.
    const after = await notify(user, 'New comment on #3')
    await expect.poll(shownMessages, { timeout: 10_000 }).toEqual(expected([...before, lost!, ...after]))
    expect(await bell.troubleShown()).toEqual([])
  })

  it('tells a user without a session that they are signed out', async () => {
    bell = await BellPage.open(session, backend.server.origin, { backend: 'laravelMongoBell' })
    await expect.poll(() => bell!.panel().innerText(), { timeout: 10_000 }).toMatch(/signed out/i)
    const shown = await bell.shownLines()
    expect(shown.filter((line) => /Reconnecting|could not be loaded|no notifications|Load more/i.test(line))).toEqual([])
  })
})
