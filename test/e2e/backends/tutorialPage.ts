import { setTimeout as sleep } from 'node:timers/promises'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { launchChromium } from '../../../bench/chromium.mjs'
import { startPageServer, type PageServer } from '../../backends/pageServer'
import type { PageSetup } from '../../backends/page/setup'
import type { SeedServer } from '../../backends/seedServer'

/**
 * Texts the bell shows only when something is wrong (or said to be): the
 * connection hints, the error banners, the signed-out and unreachable states.
 */
export const TROUBLE = /Reconnecting|unavailable|could not|signed out|cannot be reached|did not answer|answered HTTP/i

export interface TutorialSession {
  browser: Browser
  pages: PageServer
}

/** Starts the page server and Chromium once for the test file, and stops both after it. */
export function setUpTutorialBrowser(): TutorialSession {
  const session = {} as TutorialSession
  beforeAll(async () => {
    session.pages = await startPageServer()
    session.browser = await launchChromium()
  })
  afterAll(async () => {
    await session.browser?.close()
    await session.pages?.close()
  })
  return session
}

/** A row of the open panel as the user reads it. */
export interface ShownRow {
  message: string
  unread: boolean
}

/**
 * Records every line of text the page showed at any moment, so that a state
 * shown for a split second between two checks is not missed.
 */
function recordShownLines(): void {
  const seen = new Set<string>()
  ;(window as unknown as { shownLines: Set<string> }).shownLines = seen
  const record = (): void => {
    for (const line of document.body?.innerText.split('\n') ?? []) if (line.trim()) seen.add(line.trim())
  }
  new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true })
}

export interface BellSnapshot {
  rows: ShownRow[]
  /** The bell's accessible name: "Notifications" or "Notifications, 3 unread". */
  label: string
}

/** The unread count the bell announces. */
export function announcedUnread(snapshot: BellSnapshot): number {
  return Number(/, (\d+) unread$/.exec(snapshot.label)?.[1] ?? 0)
}

/** The tutorial page with its bell in a browser context of its own. */
export class BellPage {
  readonly pageErrors: string[] = []

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('pageerror', (error) => this.pageErrors.push(error.message))
  }

  /**
   * Opens `origin` configured with `setup`, with a clock the test can move
   * forward (to skip the waits before a reconnection), and opens the panel.
   */
  static async open(
    session: TutorialSession,
    origin: string,
    setup: PageSetup,
    options: { cookies?: { name: string; value: string }[]; path?: string } = {},
  ): Promise<BellPage> {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 2400 } })
    if (options.cookies) await context.addCookies(options.cookies.map((cookie) => ({ ...cookie, url: origin, httpOnly: true })))
    await context.addInitScript(`window.backendUnderTest = ${JSON.stringify(setup)}`)
    await context.addInitScript(recordShownLines)
    await context.clock.install()
    const bell = new BellPage(context, await context.newPage())
    await bell.page.goto(`${origin}${options.path ?? '/'}`)
    await bell.openPanel()
    return bell
  }

  bell() {
    return this.page.getByRole('button', { name: /^Notifications/ })
  }

  panel() {
    return this.page.getByRole('dialog', { name: 'Notifications' })
  }

  async openPanel(): Promise<void> {
    await this.bell().click()
    await this.panel().waitFor()
  }

  /** The panel's rows (newest first) and the bell's accessible name, read at one moment. */
  snapshot(): Promise<BellSnapshot> {
    return this.page.evaluate(() => {
      const rows = [...document.querySelectorAll('[role="dialog"] li')].map((item) => ({
        message: item.querySelector('.vsn-item__message')?.textContent ?? '',
        unread: item.classList.contains('vsn-item--unread'),
      }))
      const label = document.querySelector('button[aria-haspopup="dialog"]')?.getAttribute('aria-label') ?? ''
      return { rows, label }
    })
  }

  /** The panel's rows, newest first. */
  async rows(): Promise<ShownRow[]> {
    return (await this.snapshot()).rows
  }

  /** Waits until the panel lists at least `count` rows, and returns them. */
  async waitForRows(count: number, timeout = 10_000): Promise<ShownRow[]> {
    await expect.poll(async () => (await this.rows()).length, { timeout }).toBeGreaterThanOrEqual(count)
    return this.rows()
  }

  /** Every line of text the page has shown since it loaded. */
  shownLines(): Promise<string[]> {
    return this.page.evaluate(() => [...(window as unknown as { shownLines: Set<string> }).shownLines])
  }

  /** Lines shown since the page loaded that only trouble would show. */
  async troubleShown(): Promise<string[]> {
    return (await this.shownLines()).filter((line) => TROUBLE.test(line))
  }

  async reload(): Promise<void> {
    await this.page.reload()
    await this.openPanel()
  }

  /**
   * After the server cut its streams: moves the page's clock on until the
   * browser has connected again, so that the test does not sit through the
   * reconnection delay (up to 8 s after a connection that delivered events).
   */
  async reconnectAfterDrop(server: SeedServer): Promise<void> {
    const before = server.streamCount
    for (let step = 0; server.streamCount === before; step++) {
      if (step === 40) throw new Error(`no new stream request after the drop (${before} so far)`)
      await this.context.clock.fastForward(1000)
      await sleep(100)
    }
  }

  close(): Promise<void> {
    return this.context.close()
  }
}

/**
 * Whether `shown` (oldest first) is exactly the messages of each stream, in
 * order, each stream cut short at some point (a client that left may have
 * missed the last ones its server wrote). Returns how many of each stream
 * were shown, or `null` when `shown` is anything else: a message missing,
 * doubled or out of order.
 */
export function splitByStream(shown: readonly string[], streams: readonly (readonly string[])[]): number[] | null {
  const [stream, ...rest] = streams
  if (!stream) return shown.length === 0 ? [] : null
  let common = 0
  while (common < stream.length && common < shown.length && stream[common] === shown[common]) common++
  // Longest first: the same text can end one stream and open the next.
  for (let taken = common; taken >= 0; taken--) {
    const others = splitByStream(shown.slice(taken), rest)
    if (others) return [taken, ...others]
  }
  return null
}

/** What each stream of `server` wrote, in order of the streams. */
export function sentByStream(server: SeedServer): string[][] {
  const streams: string[][] = Array.from({ length: server.streamCount }, () => [])
  for (const message of server.sent) streams[message.stream - 1]!.push(message.text)
  return streams
}
