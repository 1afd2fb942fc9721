// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemo } from '../../demo/serve.mjs'
import type { RunningDemo } from '../../demo/serve.mjs'
import type { NotificationPage } from '../../demo/server/contract-server.mjs'
import { RawStream, getJson, waitFor } from './helpers'

let running: RunningDemo

beforeAll(async () => {
  running = await startDemo({ port: 0, logLevel: 'silent', demo: { seed: 3, pingIntervalMs: 0 } })
}, 20_000)

afterAll(async () => {
  await running?.close()
})

describe('startDemo (Vite + contract server in one process)', () => {
  it('serves the page from demo/ and the API on the same origin', async () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const page = await fetch(`${running.url}/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<div id="app">')

    const api = await getJson<NotificationPage>(`${running.url}/api/notifications`)
    expect(api.status).toBe(200)
    expect(api.body.data).toHaveLength(3)
    expect((await getJson(`${running.url}/api/unknown`)).status).toBe(404)
  })

  it('streams through the Vite middleware stack without buffering', async () => {
    const stream = await RawStream.open(`${running.url}/api/notifications/stream`)
    try {
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/)
      await waitFor(() => running.demo.stats().streams === 1)
      await running.demo.publish({ message: 'through vite' })
      const [event] = await stream.waitForEvents(1)
      expect(event?.event).toBe('notification')
    } finally {
      stream.close()
    }
  })

  it('close() ends open streams and stops listening', async () => {
    const other = await startDemo({ port: 0, logLevel: 'silent' })
    const stream = await RawStream.open(`${other.url}/api/notifications/stream`)
    await waitFor(() => other.demo.stats().streams === 1)
    await other.close()
    await waitFor(() => stream.ended)
    await expect(fetch(`${other.url}/api/notifications`)).rejects.toThrow()
  })
})
