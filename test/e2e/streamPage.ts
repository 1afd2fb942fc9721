import type { IncomingMessage, ServerResponse } from 'node:http'
import { resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { bundlePage, launchChromium } from '../../bench/chromium.mjs'
import { ScriptedServer, type Responder } from '../support/scriptedServer'
import type { HarnessOptions, HarnessSnapshot } from './streamHarness'

export interface StreamPageSession {
  browser: Browser
  /** The page's origin: serves the harness at `/` and sends every other request to `respond`. */
  server: ScriptedServer
  /** Answers the test's own requests (anything but the page); replace it per test. */
  respond: Responder
}

/**
 * One Chromium and one page server for a test file. The page is served by the
 * same server as the streams, so they are same-origin unless a test uses a
 * server of its own.
 */
export function setUpStreamPage(): StreamPageSession {
  const notFound: Responder = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(404).end()
  }
  const session = { respond: notFound } as Partial<StreamPageSession> as StreamPageSession
  beforeAll(async () => {
    const script = await bundlePage(resolve(import.meta.dirname, 'streamHarness.ts'))
    session.server = await new ScriptedServer((req, res, index) => {
      if (req.url === '/') {
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>stream</title><script src="/harness.js"></script>')
      } else if (req.url === '/harness.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script)
      } else {
        session.respond(req, res, index)
      }
    }).start()
    session.browser = await launchChromium()
  })
  afterAll(async () => {
    await session.browser?.close()
    await session.server?.stop()
  })
  return session
}

/** Opens the harness page in a fresh context and starts a stream in it. */
export async function startStream(session: StreamPageSession, url: string, options: HarnessOptions = {}): Promise<Page> {
  const context = await session.browser.newContext()
  const page = await context.newPage()
  await page.goto(`${session.server.origin}/`)
  await page.evaluate(([streamUrl, streamOptions]) => window.streamHarness.start(streamUrl, streamOptions), [url, options] as const)
  return page
}

export function snapshot(page: Page): Promise<HarnessSnapshot> {
  return page.evaluate(() => window.streamHarness.snapshot())
}

/** Polls the page's stream until `check` holds. */
export async function until(page: Page, check: (state: HarnessSnapshot) => void, timeout = 10_000): Promise<HarnessSnapshot> {
  let last: HarnessSnapshot | undefined
  await expect
    .poll(
      async () => {
        last = await snapshot(page)
        try {
          check(last)
          return true
        } catch {
          return false
        }
      },
      { timeout, interval: 50 },
    )
    .toBe(true)
  return last!
}
