import type { BrowserContext, Page } from 'playwright-core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { duplicates, setUpDemoBrowser, storeConnection, storeIds, waitForConnection } from './browser'

const TABS = 8

const session = setUpDemoBrowser()
let context: BrowserContext

beforeEach(async () => {
  session.running.demo.reset()
  // Pages of one context share BroadcastChannel, Web Locks and the connection pool, like tabs of one profile.
  context = await session.browser.newContext({ viewport: { width: 1000, height: 700 } })
})

afterEach(async () => {
  await context?.close()
})

const role = (page: Page) => page.getByTestId('stream-role').innerText()

async function publish(count: number, label: string): Promise<string[]> {
  const ids: string[] = []
  for (let index = 1; index <= count; index++) ids.push((await session.client.publish({ message: `${label} ${index}.` })).id)
  return ids
}

/** Every tab holds exactly the server's notifications, each once, newest first. */
async function expectEveryTabInSync(tabs: readonly Page[]): Promise<void> {
  const server = (await session.client.all()).map((item) => item.id)
  for (const tab of tabs) {
    await expect.poll(() => storeIds(tab), { timeout: 15_000 }).toEqual(server)
    expect(duplicates(await storeIds(tab))).toEqual([])
  }
}

describe('8 tabs of one user', () => {
  it('share one notification stream (?shared=user-1) and fail over to a new leader without loss or duplicates', async () => {
    const tabs: Page[] = []
    for (let index = 0; index < TABS; index++) {
      const tab = await context.newPage()
      await tab.goto(`${session.running.url}/?shared=user-1`, { waitUntil: 'domcontentloaded' })
      tabs.push(tab)
    }
    for (const tab of tabs) await waitForConnection(tab)
    await expect.poll(async () => (await session.client.stats()).streams, { timeout: 10_000 }).toBe(1)

    const roles = await Promise.all(tabs.map(role))
    expect(roles.filter((value) => value === 'leader')).toHaveLength(1)
    expect(roles.filter((value) => value === 'follower')).toHaveLength(TABS - 1)
    const before = await session.client.stats()
    expect(before).toMatchObject({ streams: 1, clockStreams: 0, totalStreamConnections: 1 })

    const published = await publish(5, 'Before failover')
    await expectEveryTabInSync(tabs)
    for (const tab of tabs) expect(await tab.getByRole('button', { name: 'Notifications, 5 unread' }).count()).toBe(1)

    // Close the leader and publish while the others elect a new one.
    const leader = tabs[roles.indexOf('leader')] as Page
    const followers = tabs.filter((tab) => tab !== leader)
    const closedAt = Date.now()
    const closing = leader.close()
    published.push(...(await publish(3, 'During failover')))
    await closing
    // Takeover: from closing the leader tab until the server accepts the new leader's stream.
    let takeoverMs = Number.POSITIVE_INFINITY
    while (Date.now() - closedAt < 5000) {
      if ((await session.client.stats()).totalStreamConnections >= 2) {
        takeoverMs = Date.now() - closedAt
        break
      }
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(takeoverMs).toBeLessThan(1000)
    await expect
      .poll(async () => (await Promise.all(followers.map(role))).filter((value) => value === 'leader').length, {
        timeout: 10_000,
      })
      .toBe(1)
    await expect.poll(async () => (await session.client.stats()).streams, { timeout: 10_000 }).toBe(1)
    published.push(...(await publish(3, 'After failover')))

    await expectEveryTabInSync(followers)
    expect((await session.client.all()).map((item) => item.id).sort()).toEqual([...published].sort())
    for (const tab of followers) {
      expect(await storeConnection(tab)).toBe('open')
      expect(await tab.getByRole('button', { name: `Notifications, ${published.length} unread` }).count()).toBe(1)
    }
    const after = await session.client.stats()
    expect(after).toMatchObject({ streams: 1, totalStreamConnections: 2 })
    console.log(
      `[shared-tabs] shared mode, ${TABS} tabs: ${before.streams} open notification stream(s) ` +
        `(${before.totalStreamConnections} accepted); after closing the leader: ${after.streams} open, ` +
        `${after.totalStreamConnections} accepted in total; new leader's stream accepted ${takeoverMs} ms after the old leader tab was closed`,
    )
  })

  it('without shared mode each tab opens its own stream, and the browser stops at 6 per host', async () => {
    const tabs: Page[] = []
    const loads: Promise<void>[] = []
    const loaded: boolean[] = []
    for (let index = 0; index < TABS; index++) {
      const tab = await context.newPage()
      tabs.push(tab)
      loaded.push(false)
      // The clock is off so that the notification streams alone fill the connection pool.
      const load = tab
        .goto(`${session.running.url}/?clock=0`, { waitUntil: 'domcontentloaded', timeout: 40_000 })
        .then(() => void (loaded[index] = true))
      loads.push(load)
      if (index < 6) {
        await load
        await waitForConnection(tab)
      }
    }
    await expect.poll(async () => (await session.client.stats()).streams, { timeout: 10_000 }).toBe(6)
    // Six streams hold all six connections Chromium allows per host over HTTP/1.1: tabs 7 and 8
    // cannot even fetch their page. Give them a moment to show that nothing moves.
    await new Promise((resolve) => setTimeout(resolve, 2000))
    const stats = await session.client.stats()
    expect(stats).toMatchObject({ streams: 6, totalStreamConnections: 6 })
    expect(loaded).toEqual([true, true, true, true, true, true, false, false])
    console.log(
      `[shared-tabs] without shared mode, ${TABS} tabs: ${stats.streams} open notification streams ` +
        `(${stats.totalStreamConnections} accepted); tabs 7 and 8 wait for a connection and stay blank`,
    )

    // Closing one tab frees one connection: both waiting pages load through it, then
    // one of them holds it with its own stream and the other is stuck again.
    await (tabs[0] as Page).close()
    await Promise.all(loads.slice(6))
    const waiting = tabs.slice(6)
    await expect
      .poll(async () => (await Promise.all(waiting.map(storeConnection))).filter((state) => state === 'open').length, {
        timeout: 20_000,
      })
      .toBe(1)
    expect(await session.client.stats()).toMatchObject({ streams: 6, totalStreamConnections: 7 })
  })
})
