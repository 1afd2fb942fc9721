import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { duplicates, setUpDemoBrowser, storeIds, waitForConnection } from './browser'

const screenshotDir = fileURLToPath(new URL('./__screenshots__/', import.meta.url))
const XSS = '<img src=x onerror="window.__xss=1">'
const XSS_MESSAGE = `<script>window.__xss=1</script>${XSS}`

const session = setUpDemoBrowser()
let context: BrowserContext
let page: Page
let pageErrors: string[]

beforeEach(async () => {
  session.running.demo.reset()
  context = await session.browser.newContext({ viewport: { width: 1200, height: 800 }, colorScheme: 'light' })
  page = await context.newPage()
  pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(`${session.running.url}/`)
  await waitForConnection(page)
})

afterEach(async () => {
  await context?.close()
  expect(pageErrors).toEqual([])
})

const bell = () => page.getByRole('button', { name: /^Notifications/ })
const panel = () => page.getByRole('dialog', { name: 'Notifications' })
const rows = () => panel().getByRole('list', { name: 'Notification list' }).getByRole('listitem')

async function sendFromForm(input: { message: string; title?: string; link?: string }): Promise<string> {
  const form = page.getByRole('region', { name: 'Send a notification' })
  await form.getByLabel('Message').fill(input.message)
  await form.getByLabel('Title').fill(input.title ?? '')
  await form.getByLabel('Link').fill(input.link ?? '')
  const result = page.getByTestId('send-result')
  const before = await result.innerText()
  await form.getByRole('button', { name: 'Send', exact: true }).click()
  await expect.poll(() => result.innerText(), { timeout: 5000 }).not.toBe(before)
  return result.innerText()
}

/**
 * Scrolls the panel's list from top to bottom and collects the text of every
 * row by its index, with the most rows the document held at once.
 */
async function scrollThroughRows(target: Page): Promise<{ texts: string[]; mostRendered: number }> {
  return target.evaluate(async () => {
    const list = document.querySelector<HTMLElement>('[role="dialog"] [role="list"]')!
    const scroller = list.parentElement!
    const texts = new Map<number, string>()
    let mostRendered = 0
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
    for (let top = 0; ; top += scroller.clientHeight / 2) {
      scroller.scrollTop = top
      await frame()
      const rendered = list.querySelectorAll<HTMLElement>(':scope > [data-index]')
      mostRendered = Math.max(mostRendered, rendered.length)
      for (const row of rendered) texts.set(Number(row.dataset.index), row.innerText)
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break
    }
    return { texts: [...texts.keys()].sort((a, b) => a - b).map((index) => texts.get(index)!), mostRendered }
  })
}

describe('demo page', () => {
  it('counts 3 published notifications on the bell and clears the badge with Mark all read', async () => {
    const sent = [
      { title: 'Build passed', message: 'main is green again after 14 minutes.', link: '/ci/builds/812' },
      { title: 'New comment', message: 'Dana replied to “Quarterly report”.', link: '/docs/quarterly#comments' },
      { title: 'Deploy finished', message: 'Version 2.3.1 is live in production.', link: '/deploys/231' },
    ]
    for (const input of sent) expect(await sendFromForm(input)).toMatch(/^Sent n\d+\.$/)

    await expect
      .poll(() => page.getByRole('button', { name: /Notifications, 3 unread/ }).count(), { timeout: 10_000 })
      .toBe(1)
    await expect.poll(() => page.getByTestId('vsn-badge').innerText()).toBe('3')

    await bell().click()
    await panel().waitFor({ timeout: 5000 })
    await expect.poll(() => rows().count()).toBe(3)
    expect(await rows().first().innerText()).toContain('Version 2.3.1 is live in production.')
    mkdirSync(screenshotDir, { recursive: true })
    await page.screenshot({ path: `${screenshotDir}dropdown.png` })

    await panel().getByRole('button', { name: 'Mark all read' }).click()
    await expect.poll(() => page.getByTestId('vsn-badge').count(), { timeout: 5000 }).toBe(0)
    await expect.poll(() => bell().getAttribute('aria-label')).toBe('Notifications')
    await expect.poll(async () => (await session.client.stats()).unread).toBe(0)
  })

  it('holds every notification exactly once after a drop and an outage while publishing', async () => {
    const published: string[] = []
    let publishing = true
    const publisher = (async () => {
      for (let index = 1; publishing && index < 40; index++) {
        const item = await session.client.publish({ message: `Live update ${String(index).padStart(2, '0')}.` })
        published.push(item.id)
        await new Promise((resolve) => setTimeout(resolve, 60))
      }
    })()

    const failures = page.getByRole('region', { name: 'Break the connection' })
    await expect.poll(() => published.length).toBeGreaterThanOrEqual(4)
    await failures.getByRole('button', { name: 'Drop all connections' }).click()
    await expect.poll(() => page.getByTestId('failure-result').innerText()).toMatch(/^Dropped [1-9]\d* live connections?\.$/)
    // The browser reconnects by itself (the server sends `retry: 1000`) and resumes from the last event id.
    await expect.poll(async () => (await session.client.stats()).streams, { timeout: 10_000 }).toBe(1)
    expect((await session.client.stats()).totalStreamConnections).toBe(2)
    await expect.poll(() => published.length).toBeGreaterThanOrEqual(10)

    await failures.getByLabel('Outage (seconds)').fill('2')
    await failures.getByRole('button', { name: 'Simulate outage' }).click()
    await expect.poll(() => page.getByTestId('failure-result').innerText()).toBe('Streams refused (503) for 2 s.')
    await expect.poll(() => page.getByTestId('store-connection').innerText(), { timeout: 5000 }).not.toBe('open')
    await expect.poll(async () => (await session.client.stats()).outageUntil, { timeout: 5000 }).toBeNull()
    await waitForConnection(page, 15_000)
    publishing = false
    await publisher
    for (const message of ['After recovery A.', 'After recovery B.']) published.push((await session.client.publish({ message })).id)

    const server = await session.client.all()
    expect(server.map((item) => item.id).sort()).toEqual([...published].sort())
    await expect
      .poll(async () => [...(await storeIds(page))].sort(), { timeout: 15_000 })
      .toEqual(server.map((item) => item.id).sort())
    const ids = await storeIds(page)
    expect(duplicates(ids)).toEqual([])
    expect(ids).toEqual(server.map((item) => item.id))

    await bell().click()
    await panel().waitFor({ timeout: 5000 })
    await expect.poll(() => rows().first().getAttribute('aria-setsize')).toBe(String(server.length))
    const { texts, mostRendered } = await scrollThroughRows(page)
    expect(texts).toHaveLength(server.length)
    // Only the rows in view (and a few around them) are in the document at any time.
    expect(mostRendered).toBeLessThan(server.length / 2)
    for (const item of server) expect(texts.filter((text) => text.includes(item.message))).toHaveLength(1)
    expect(await bell().getAttribute('aria-label')).toBe(`Notifications, ${server.length} unread`)

    const stats = await session.client.stats()
    expect(stats.streams).toBe(1)
    expect(stats.totalStreamConnections).toBeGreaterThanOrEqual(3)
    // A drop is retried by the same EventSource; a 503 closes it and the composable opens a new one.
    expect(Number(await page.getByTestId('tab-connections').innerText())).toBeGreaterThanOrEqual(2)
    await expect.poll(() => page.getByTestId('clock-status').innerText(), { timeout: 10_000 }).toBe('open')
  })

  it('shows markup and javascript: links as text without running them', async () => {
    expect(await sendFromForm({ message: 'Click me', link: 'javascript:window.__xss=1' })).toMatch(/^Not sent: /)
    expect(await sendFromForm({ message: XSS_MESSAGE, title: XSS })).toMatch(/^Sent n\d+\.$/)
    // The server refuses such links, so these come straight down the stream.
    const now = new Date().toISOString()
    const base = { readAt: null, createdAt: now, updatedAt: now }
    session.running.demo.broadcast('notification', { ...base, id: 'xss-link', title: XSS, message: 'Scripted link', link: 'javascript:window.__xss=1' })
    session.running.demo.broadcast('notification', { ...base, id: 'xss-tab', message: 'Tabbed scheme', link: ' JaVa\tScRiPt:window.__xss=2' })

    await expect
      .poll(() => page.getByRole('button', { name: /Notifications, 3 unread/ }).count(), { timeout: 10_000 })
      .toBe(1)
    await bell().click()
    await panel().waitFor({ timeout: 5000 })
    await expect.poll(() => rows().count()).toBe(3)

    expect(await panel().getByText(XSS_MESSAGE, { exact: true }).count()).toBe(1)
    expect(await panel().getByText(XSS, { exact: true }).count()).toBe(2)
    expect(await panel().getByText('Link: javascript:window.__xss=1').count()).toBe(1)
    const dom = await page.evaluate(() => ({
      xss: (window as { __xss?: unknown }).__xss,
      images: document.querySelectorAll('img').length,
      scriptLinks: [...document.querySelectorAll('a[href]')]
        .map((anchor) => anchor.getAttribute('href') ?? '')
        .filter((href) => /^\s*j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:/i.test(href)),
    }))
    expect(dom).toEqual({ xss: undefined, images: 0, scriptLinks: [] })

    const href = page.url()
    // Each row is a button (its link refused), followed by its actions.
    await rows().filter({ hasText: 'Scripted link' }).getByRole('button').first().click()
    await rows().filter({ hasText: 'Tabbed scheme' }).getByRole('button').first().click()
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined()
    expect(page.url()).toBe(href)
    expect(await page.getByText('Followed a notification link').count()).toBe(0)
  })

  it('has no axe-core violations, with the panel closed and open', async () => {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
    await session.client.publish({ title: 'Deploy finished', message: 'Version 2.3.1 is live.', link: '/deploys/231' })
    await expect.poll(() => page.getByTestId('vsn-badge').count(), { timeout: 10_000 }).toBe(1)
    await page.addScriptTag({ content: axeSource })
    const audit = () =>
      page.evaluate(async () => {
        // The toast of the new notification slides in: colours are checked once it has.
        await Promise.all(document.getAnimations().map((animation) => animation.finished))
        const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe
        const { violations } = await axe.run()
        return violations.map((violation) => `${violation.id}: ${JSON.stringify(violation.nodes.map((node) => node.target))}`)
      })
    expect(await audit()).toEqual([])
    await bell().click()
    await panel().waitFor({ timeout: 5000 })
    expect(await audit()).toEqual([])
  })
})
