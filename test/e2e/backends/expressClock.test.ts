import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { expressClock } from '../../backends/expressStreams'
import { SeedServer } from '../../backends/seedServer'
import { streamOnlyBackendTests } from './streamOnlyChecks'
import { BellPage, setUpTutorialBrowser } from './tutorialPage'

const session = setUpTutorialBrowser()

/** Seed 003: Express, `data: Server time is 12:00:05 PM`, the page on the stream's origin. */
describe('Express clock stream (seed 003) in the bell', () => {
  streamOnlyBackendTests({ backend: 'expressClock', start: (fallback) => expressClock({ fallback }) }, session)
})

/**
 * The tutorial's own set-up: its page opens `http://localhost:3000/events`
 * from another origin, and the server sends no CORS headers.
 */
describe('Express clock stream (seed 003) from another origin, without CORS headers', () => {
  let stream: SeedServer
  let page: SeedServer
  let bell: BellPage | undefined

  beforeAll(async () => {
    stream = await expressClock().start()
    // Only the page: the stream is not on its origin.
    page = await new SeedServer({}, (req, res) => session.pages.handle(req, res)).start()
  })
  afterAll(async () => {
    await stream?.stop()
    await page?.stop()
  })
  afterEach(async () => {
    const errors = bell?.pageErrors ?? []
    await bell?.close()
    expect(errors).toEqual([])
  })

  it('says the server cannot be reached or blocks the page by CORS, instead of "Reconnecting…"', async () => {
    bell = await BellPage.open(session, page.origin, { backend: 'expressClock', streamUrl: `${stream.origin}/events` })
    // The browser did connect, and dropped what came back.
    await expect.poll(() => stream.streamCount).toBeGreaterThanOrEqual(1)
    await expect.poll(() => bell!.panel().innerText(), { timeout: 10_000 }).toMatch(/blocked by CORS/)
    expect(await bell.rows()).toEqual([])
    expect((await bell.shownLines()).filter((line) => /Reconnecting/.test(line))).toEqual([])
    // Nothing came through: the panel does not claim that there is nothing.
    expect(await bell.shownLines()).toContain('No notifications received yet.')
    expect(await bell.shownLines()).not.toContain('You have no notifications.')
  })
})
