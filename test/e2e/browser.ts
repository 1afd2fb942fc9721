import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { launchChromium } from '../../bench/chromium.mjs'
import { startDemo, type RunningDemo } from '../../demo/server/startDemo.mjs'
import type { DemoNotification, DemoServerStats, NotificationInput, NotificationPage } from '../../demo/server/contract-server.mjs'

export { launchChromium } from '../../bench/chromium.mjs'

/**
 * The demo page and server in this process. No file watching, so that edits to
 * the sources while the tests run cannot reload the pages under test; Vite's
 * WebSocket stays on the demo's own port (with HMR off it would take the
 * fixed port 24678, which another demo on the machine may hold).
 */
export function startTestDemo(): Promise<RunningDemo> {
  return startDemo({ port: 0, logLevel: 'silent', demo: { seed: 0 }, vite: { server: { watch: null } } })
}

export class DemoClient {
  constructor(readonly origin: string) {}

  async publish(input: NotificationInput): Promise<DemoNotification> {
    const response = await fetch(`${this.origin}/api/notifications`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    })
    expect(response.status).toBe(201)
    return (await response.json()) as DemoNotification
  }

  async post(path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.origin}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    expect(response.ok).toBe(true)
    return response.json()
  }

  async stats(): Promise<DemoServerStats> {
    return (await (await fetch(`${this.origin}/api/demo/stats`)).json()) as DemoServerStats
  }

  /** Every notification on the server, newest first, through the paged REST API. */
  async all(): Promise<DemoNotification[]> {
    const items: DemoNotification[] = []
    let cursor: string | null = null
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
      const page = (await (await fetch(`${this.origin}/api/notifications?limit=100${query}`)).json()) as NotificationPage
      items.push(...page.data)
      cursor = page.nextCursor
    } while (cursor)
    return items
  }
}

/** The store's item ids as the demo page lists them ("Store" card), newest first. */
export function storeIds(page: Page): Promise<string[]> {
  return page.locator('[data-testid="store-ids"] li').allTextContents()
}

/** Text of the store's `connection` on the page. */
export function storeConnection(page: Page): Promise<string> {
  return page.getByTestId('store-connection').innerText()
}

export async function waitForConnection(page: Page, timeout = 15_000): Promise<void> {
  await expect.poll(() => storeConnection(page), { timeout }).toBe('open')
}

export function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>()
  return values.filter((value) => (seen.has(value) ? true : (seen.add(value), false)))
}

export interface DemoBrowser {
  running: RunningDemo
  client: DemoClient
  browser: Browser
}

/** Starts the demo and Chromium once for the test file, and stops both after it. */
export function setUpDemoBrowser(): DemoBrowser {
  const session = {} as DemoBrowser
  beforeAll(async () => {
    session.running = await startTestDemo()
    session.client = new DemoClient(session.running.url)
    session.browser = await launchChromium()
  })
  afterAll(async () => {
    await session.browser?.close()
    await session.running?.close()
  })
  return session
}
