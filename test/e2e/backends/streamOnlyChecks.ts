import type { RequestListener } from 'node:http'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import type { BackendName } from '../../backends/options'
import type { SeedServer } from '../../backends/seedServer'
import { announcedUnread, BellPage, sentByStream, setUpTutorialBrowser, splitByStream, type BellSnapshot, type TutorialSession } from './tutorialPage'

export interface StreamOnlyBackend {
  backend: BackendName
  /** Starts the tutorial's server, handing what its routes do not answer to `fallback`. */
  start: (fallback: RequestListener) => SeedServer
  /** The row a message shows as, from the text the tutorial's own page shows. @default the text */
  display?: (text: string) => string
}

/**
 * The checks every stream-only tutorial backend must pass in the bell, each
 * test in a browser context (and so a storage) of its own.
 */
export function streamOnlyBackendTests(
  { backend, start, display = (text) => text }: StreamOnlyBackend,
  session: TutorialSession = setUpTutorialBrowser(),
) {
  let server: SeedServer
  let bell: BellPage | undefined
  /** Streams opened before this test's page: another page's. */
  let earlierStreams = 0

  beforeAll(async () => {
    server = await start((req, res) => session.pages.handle(req, res)).start()
  })
  afterAll(() => server?.stop())
  afterEach(async () => {
    const errors = bell?.pageErrors ?? []
    await bell?.close()
    bell = undefined
    expect(errors).toEqual([])
  })

  async function openBell(): Promise<BellPage> {
    earlierStreams = server.streamCount
    bell = await BellPage.open(session, server.origin, { backend })
    return bell
  }

  /**
   * How many messages of each of this page's streams the panel shows; fails
   * unless it is each stream's messages in order, once.
   */
  function shownPerStream(snapshot: BellSnapshot): number[] {
    const shown = snapshot.rows.map((row) => row.message).reverse()
    const sent = sentByStream(server).slice(earlierStreams)
    const perStream = splitByStream(shown, sent.map((texts) => texts.map(display)))
    expect(perStream, `shown: ${JSON.stringify(shown)}\nsent: ${JSON.stringify(sent)}`).not.toBeNull()
    // The badge counts what the rows show as unread.
    expect(announcedUnread(snapshot)).toBe(snapshot.rows.filter((row) => row.unread).length)
    return perStream!
  }

  it('shows every message once and in order, and keeps them and their read state across a reload', async () => {
    const bell = await openBell()
    const first = server.streamCount
    await bell.waitForRows(3)
    const before = await bell.snapshot()
    expect(shownPerStream(before).at(-1)).toBe(before.rows.length)
    expect(before.rows.every((row) => row.unread)).toBe(true)
    // Only what this backend allows: nothing to refresh from, read state kept here.
    expect(await bell.panel().getByRole('button', { name: 'Refresh' }).count()).toBe(0)
    expect(await bell.panel().getByRole('button', { name: 'Mark all read' }).count()).toBe(1)

    // Reading the oldest row marks it read at once, locally.
    await bell.panel().locator('li').last().locator('[data-vsn-row]').click()
    await expect.poll(async () => (await bell.rows()).at(-1)?.unread).toBe(false)
    const read = await bell.snapshot()
    expect(announcedUnread(read)).toBe(read.rows.filter((row) => row.unread).length)
    expect(await bell.troubleShown()).toEqual([])

    // Right after a message, so that nothing waits to be saved later.
    await bell.reload()
    await expect.poll(() => server.streamCount).toBe(first + 1)
    await expect.poll(async () => shownPerStream(await bell.snapshot()).at(-1), { timeout: 10_000 }).toBeGreaterThanOrEqual(2)
    const after = await bell.snapshot()
    const [kept = 0] = shownPerStream(after).slice(-2)
    expect(kept, 'messages of the first page load shown after the reload').toBeGreaterThanOrEqual(read.rows.length)
    // Oldest first: the row read before the reload is still read, every other one is not.
    expect(after.rows.map((row) => row.unread).reverse()).toEqual(after.rows.map((_row, index) => index !== 0))
    expect(await bell.troubleShown()).toEqual([])
  })

  it('shows the messages after the server drops the stream, without an outage', async () => {
    const bell = await openBell()
    await bell.waitForRows(2)
    server.dropStreams()
    await bell.reconnectAfterDrop(server)
    await expect.poll(async () => shownPerStream(await bell.snapshot()).at(-1), { timeout: 10_000 }).toBeGreaterThanOrEqual(2)
    const perStream = shownPerStream(await bell.snapshot())
    // Everything the dropped stream wrote arrived: the drop lost nothing.
    const sent = sentByStream(server)
    expect(perStream.at(-2)).toBe(sent.at(-2)?.length)
    expect(await bell.troubleShown()).toEqual([])
  })
}
