import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setUpDemoBrowser, waitForConnection } from './browser'

/** The bell's parts on the demo page in real Chromium: focus, the error banner, links, axe, screenshots. */
const screenshotDir = fileURLToPath(new URL('./__screenshots__/', import.meta.url))
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

const session = setUpDemoBrowser()
let context: BrowserContext
let page: Page
let pageErrors: string[]

async function openDemo(width: number, colorScheme: 'light' | 'dark' = 'light'): Promise<void> {
  context = await session.browser.newContext({ viewport: { width, height: 800 }, colorScheme })
  page = await context.newPage()
  pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(`${session.running.url}/`)
  await waitForConnection(page)
  await expect.poll(() => bell().getAttribute('aria-label'), { timeout: 10_000 }).toMatch(/unread$/)
}

beforeEach(async () => {
  session.running.demo.reset()
  await session.client.publish({ title: 'Build passed', message: 'main is green again after 14 minutes.', link: '/ci/builds/812' })
  await session.client.publish({ title: 'Status page', message: 'A partner reports degraded service.', link: 'https://status.example.org/' })
  await session.client.publish({ title: 'New comment', message: 'Dana replied to “Quarterly report”.', link: '/docs/quarterly#comments' })
})

afterEach(async () => {
  await context?.close()
  expect(pageErrors).toEqual([])
})

const bell = () => page.getByRole('button', { name: /^Notifications/ })
const panel = () => page.getByRole('dialog', { name: 'Notifications' })

/** Outline of the focused element, or `null` when focus is on the body. */
function focusOutline(): Promise<{ name: string; style: string; width: string } | null> {
  return page.evaluate(() => {
    const element = document.activeElement
    if (!element || element === document.body) return null
    const style = getComputedStyle(element)
    const name = element.getAttribute('aria-label') ?? element.textContent?.replace(/\s+/g, ' ').trim() ?? ''
    return { name: name.slice(0, 40), style: style.outlineStyle, width: style.outlineWidth }
  })
}

async function audit(): Promise<string[]> {
  await page.addScriptTag({ content: axeSource })
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe
    const { violations } = await axe.run()
    return violations.map((violation) => `${violation.id}: ${JSON.stringify(violation.nodes.map((node) => node.target))}`)
  })
}

/** Makes the next list requests fail, so that the panel shows its error banner after Refresh. */
async function failListRequests(): Promise<void> {
  await page.route(/\/api\/notifications\?/, (route) =>
    route.fulfill({ status: 500, contentType: 'application/json', body: '{"message":"down"}' }),
  )
}

describe('bell in Chromium', () => {
  it('shows a focus indicator wherever focus lands, the panel included after opening with Enter', async () => {
    await openDemo(1280)
    await bell().focus()
    await page.keyboard.press('Enter')
    await panel().waitFor()
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('dialog')
    expect(await focusOutline()).toMatchObject({ style: 'solid', width: '2px' })

    // Tab through everything in the panel (header actions, the selected filter tab, the row in the
    // Tab sequence and its actions), then the arrows.
    const seen: string[] = []
    for (let step = 0; step < 6; step++) {
      await page.keyboard.press('Tab')
      const outline = await focusOutline()
      expect(outline, `focus ring after Tab ${step + 1}`).toMatchObject({ style: 'solid', width: '2px' })
      seen.push(outline!.name)
    }
    expect(seen.slice(0, 3)).toEqual(['Refresh', 'Mark all read', 'All'])
    expect(seen[3]).toMatch(/^Unread: New comment/)
    expect(seen.slice(4)).toEqual(['Mark as read: New comment', 'Archive: New comment'])
    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('ArrowDown')
    expect(await focusOutline()).toMatchObject({ style: 'solid', name: expect.stringMatching(/Status page/) })
    // The Tab stop moved with focus: the next Tab reaches that row's actions.
    await page.keyboard.press('Tab')
    expect(await focusOutline()).toMatchObject({ style: 'solid', name: 'Mark as read: Status page' })

    await page.keyboard.press('Escape')
    expect(await panel().count()).toBe(0)
    expect(await focusOutline()).toMatchObject({ style: 'solid', name: expect.stringMatching(/^Notifications/) })
  })

  it('renders only the rows in view of a long list and reaches every row with the keyboard', async () => {
    for (let index = 1; index <= 40; index++) await session.client.publish({ message: `Bulk update ${index}.` })
    await openDemo(1280)
    await expect.poll(() => bell().getAttribute('aria-label')).toBe('Notifications, 43 unread')
    await bell().focus()
    await page.keyboard.press('ArrowDown')
    await panel().waitFor()
    const state = () =>
      page.evaluate(() => {
        const focused = document.activeElement!.closest<HTMLElement>('[data-index]')
        const viewport = document.querySelector('[role="dialog"] [role="list"]')!.parentElement!.getBoundingClientRect()
        const row = focused?.getBoundingClientRect()
        return {
          position: focused?.getAttribute('aria-posinset'),
          setSize: focused?.getAttribute('aria-setsize'),
          rendered: document.querySelectorAll('[role="dialog"] li').length,
          inView: !!row && row.top >= viewport.top - 1 && row.bottom <= viewport.bottom + 1,
        }
      })
    // The store's first page holds 20 of the 43; "Load more" fetches the rest.
    expect(await state()).toMatchObject({ position: '1', setSize: '20', inView: true })
    await page.keyboard.press('End')
    await expect.poll(state).toMatchObject({ position: '20', inView: true })
    expect((await state()).rendered).toBeLessThan(15)
    expect(await focusOutline()).toMatchObject({ style: 'solid', name: expect.stringMatching(/^Unread: Bulk update 21\./) })
    await page.keyboard.press('ArrowUp')
    await expect.poll(state).toMatchObject({ position: '19', inView: true })
    await page.keyboard.press('Home')
    await expect.poll(state).toMatchObject({ position: '1', inView: true })
    expect(await focusOutline()).toMatchObject({ style: 'solid', name: expect.stringMatching(/^Unread: Bulk update 40\./) })

    // Scrolling away with the wheel keeps the focused row in the document.
    await page.mouse.move(1100, 300)
    await page.mouse.wheel(0, 2000)
    await expect.poll(() => page.evaluate(() => document.querySelector('[role="dialog"] [role="list"]')!.parentElement!.scrollTop)).toBeGreaterThan(500)
    expect(await state()).toMatchObject({ position: '1', inView: false })
    await page.keyboard.press('ArrowDown')
    await expect.poll(state).toMatchObject({ position: '2', inView: true })
    await page.keyboard.press('Home')
    await expect.poll(state).toMatchObject({ position: '1', inView: true })

    // One Tab stop for the whole list (roving tabindex), with its row's actions: then "Load more".
    await page.keyboard.press('Tab')
    expect(await focusOutline()).toMatchObject({ style: 'solid', name: 'Mark as read: Bulk update 40.' })
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    expect(await focusOutline()).toMatchObject({ style: 'solid', name: 'Load more' })
    await page.keyboard.press('Enter')
    // The second page: focus moves to its first row.
    await expect.poll(async () => (await panel().locator('li').first().getAttribute('aria-setsize'))).toBe('40')
    await expect.poll(focusOutline).toMatchObject({ style: 'solid', name: expect.stringMatching(/^Unread: Bulk update 20\./) })
    await page.keyboard.press('End')
    await expect.poll(state).toMatchObject({ position: '40', setSize: '40', inView: true })
    expect((await state()).rendered).toBeLessThan(20)
  })

  it('names external links "(opens in a new tab)" and marks them with an icon', async () => {
    await openDemo(1280)
    await bell().click()
    const external = panel().getByRole('link', { name: /Status page/ })
    await expect(external.getAttribute('target')).resolves.toBe('_blank')
    const name = await external.evaluate((element) => element.textContent?.replace(/\s+/g, ' ').trim())
    expect(name).toMatch(/^Unread: Status page A partner reports degraded service\. .+ \(opens in a new tab\)$/)
    expect(await external.locator('svg[aria-hidden="true"]').count()).toBe(1)
    const internal = panel().getByRole('link', { name: /Build passed/ })
    expect(await internal.locator('svg').count()).toBe(0)
    expect(await internal.innerText()).not.toContain('new tab')
  })

  it('shows a dismissible error banner whose actions stay on one line, and keeps focus in the panel', async () => {
    await openDemo(375)
    await bell().click()
    await panel().waitFor()
    await failListRequests()
    await panel().getByRole('button', { name: 'Refresh' }).click()
    const alert = panel().getByRole('alert')
    await alert.waitFor({ timeout: 5000 })
    expect(await alert.innerText()).toContain('Notifications could not be loaded.')

    const retry = alert.getByRole('button', { name: 'Try again' })
    const lineHeights = await retry.evaluate((element) => {
      const style = getComputedStyle(element)
      return { height: element.getBoundingClientRect().height, line: parseFloat(style.lineHeight) + parseFloat(style.paddingTop) * 2 }
    })
    expect(lineHeights.height).toBeLessThanOrEqual(lineHeights.line + 1)
    expect(await audit()).toEqual([])

    // From Refresh (clicked) on with the keyboard: Mark all read, the All tab, Try again, Dismiss.
    for (let step = 0; step < 4; step++) await page.keyboard.press('Tab')
    expect(await focusOutline()).toMatchObject({ style: 'solid', name: 'Dismiss' })
    await page.keyboard.press('Enter')
    await expect.poll(() => panel().getByRole('alert').count()).toBe(0)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('dialog')
    expect(await focusOutline()).toMatchObject({ style: 'solid' })
  })

  it('filters with the tabs and acts on rows from the keyboard, focus staying in the panel', async () => {
    await openDemo(1280)
    await bell().click()
    await panel().getByRole('button', { name: 'Mark as read: Build passed' }).click()
    const unreadTab = panel().getByRole('tab', { name: /^Unread/ })
    await expect.poll(() => unreadTab.innerText()).toMatch(/^Unread\s+2$/)
    await unreadTab.click()
    // Each row's name up to its title: the unread marker and the title.
    const rowNames = () =>
      panel()
        .getByRole('listitem')
        .evaluateAll((rows) => rows.map((row) => row.querySelector('[data-vsn-row]')!.textContent!.replace(/\s+/g, ' ').trim()))
        .then((names) => names.map((name) => /^(Unread: )?\S+ \S+/.exec(name)?.[0]))
    await expect.poll(rowNames).toEqual(['Unread: New comment', 'Unread: Status page'])
    expect(await panel().getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(await unreadTab.getAttribute('id'))

    // The arrows move along the tabs and select them.
    await page.keyboard.press('ArrowLeft')
    expect(await focusOutline()).toMatchObject({ style: 'solid', name: 'All' })
    await expect.poll(async () => (await rowNames()).length).toBe(3)

    // Tab to the actions of the list's Tab stop (the row acted on last) and archive it: it leaves the
    // server, and focus goes to the row before it (it was the last one).
    for (let step = 0; step < 3; step++) await page.keyboard.press('Tab')
    expect(await focusOutline()).toMatchObject({ style: 'solid', name: 'Archive: Build passed' })
    await page.keyboard.press('Enter')
    await expect.poll(rowNames).toEqual(['Unread: New comment', 'Unread: Status page'])
    expect(await focusOutline()).toMatchObject({ style: 'solid', name: expect.stringMatching(/^Unread: Status page/) })
    await expect.poll(async () => (await session.client.all()).map((item) => item.title)).toEqual(['New comment', 'Status page'])
  })

  it('has no axe-core violations in the sheet at 375 px, light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await openDemo(375, scheme)
      await bell().click()
      await panel().waitFor()
      expect(await audit(), scheme).toEqual([])
      await context.close()
    }
  })

  it.each([
    [375, 'light'],
    [375, 'dark'],
    [1280, 'light'],
    [1280, 'dark'],
  ] as const)('takes a screenshot of the open panel at %i px, %s', async (width, scheme) => {
    await openDemo(width, scheme)
    await bell().click()
    await panel().waitFor()
    await page.waitForFunction(() => document.querySelector('[role="dialog"]')?.hasAttribute('data-placed'))
    // One row read, so that both states of a row and its actions are shown.
    await panel().getByRole('button', { name: 'Mark as read: Build passed' }).click()
    await panel().getByRole('button', { name: 'Mark as unread: Build passed' }).waitFor()
    await page.mouse.move(width - 1, 799)
    mkdirSync(screenshotDir, { recursive: true })
    await page.screenshot({ path: `${screenshotDir}panel-${scheme}-${width}.png` })
    const box = await panel().boundingBox()
    expect(box!.x).toBeGreaterThanOrEqual(0)
    expect(box!.x + box!.width).toBeLessThanOrEqual(width)
  })
})
