import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { laravelUpdates } from '../../backends/laravelUpdates'
import type { SeedServer } from '../../backends/seedServer'
import { streamOnlyBackendTests } from './streamOnlyChecks'
import { announcedUnread, BellPage, sentByStream, setUpTutorialBrowser } from './tutorialPage'

const session = setUpTutorialBrowser()

/** Seed 001, the long-running loop: `data: {"message": "New update at …"}`, no id, no event name. */
describe('Laravel update stream (seed 001, loop) in the bell', () => {
  streamOnlyBackendTests({ backend: 'laravelUpdates', start: (fallback) => laravelUpdates({ fallback }) }, session)
})

/** Seed 001, the broadcast route: every response writes one message and ends; the browser comes back. */
describe('Laravel broadcast route (seed 001, one message per response) in the bell', () => {
  let server: SeedServer
  let bell: BellPage | undefined

  beforeAll(async () => {
    server = await laravelUpdates({ variant: 'broadcast', fallback: (req, res) => session.pages.handle(req, res) }).start()
  })
  afterAll(() => server?.stop())
  afterEach(async () => {
    const errors = bell?.pageErrors ?? []
    await bell?.close()
    expect(errors).toEqual([])
  })

  it('is a healthy stream: every message shown once, no outage, and maxRetries: 3 never gives up', async () => {
    // Three failed attempts in a row would end reconnection: responses that each delivered a message are not failures.
    bell = await BellPage.open(session, server.origin, { backend: 'laravelUpdates', backoff: { maxRetries: 3 } })
    const responses = 6
    for (let stream = 1; stream < responses; stream++) {
      await expect.poll(() => server.sent.length).toBe(stream)
      // The response has ended; the browser waits its reconnection time (skipped here) and comes back.
      await expect.poll(() => server.liveStreams).toBe(0)
      await bell.reconnectAfterDrop(server)
    }
    await expect.poll(async () => (await bell!.rows()).length).toBe(responses)

    const snapshot = await bell.snapshot()
    expect(sentByStream(server).map((texts) => texts.length)).toEqual(Array(responses).fill(1))
    expect(snapshot.rows.map((row) => row.message).reverse()).toEqual(server.texts())
    expect(announcedUnread(snapshot)).toBe(responses)
    expect(await bell.troubleShown()).toEqual([])
  })
})
