import type { BrowserContext, Page } from 'playwright-core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setUpDemoBrowser, waitForConnection } from './browser'

/** The demo's toasts (vue-sonner, driven by the store's onNew) and its desktop-notification switch, in Chromium. */
const session = setUpDemoBrowser()
let context: BrowserContext
let page: Page
let pageErrors: string[]

async function openDemo(): Promise<void> {
  await page.goto(`${session.running.url}/`)
  await waitForConnection(page)
}

beforeEach(async () => {
  session.running.demo.reset()
  await session.client.publish({ title: 'Build passed', message: 'main is green again after 14 minutes.' })
  context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } })
  page = await context.newPage()
  pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
})

afterEach(async () => {
  await context?.close()
  expect(pageErrors).toEqual([])
})

const toasts = () => page.getByRole('region', { name: /^Toasts/ }).getByRole('listitem')
const panel = () => page.getByRole('dialog', { name: 'Notifications' })

describe('demo alerts', () => {
  it('toasts what arrives live, not what the page loaded, nor while the panel is open; View opens the bell', async () => {
    await openDemo()
    await expect.poll(() => page.getByRole('button', { name: 'Notifications, 1 unread' }).count(), { timeout: 10_000 }).toBe(1)
    expect(await toasts().count()).toBe(0)

    await session.client.publish({ title: 'Deploy finished', message: 'Version 2.3.1 is live.' })
    await expect.poll(() => toasts().allInnerTexts(), { timeout: 10_000 }).toEqual([expect.stringMatching(/Deploy finished\s+Version 2\.3\.1 is live\./)])

    await toasts().getByRole('button', { name: 'View' }).click()
    await panel().waitFor({ timeout: 5000 })
    await session.client.publish({ title: 'New comment', message: 'Dana replied.' })
    await expect.poll(() => panel().getByRole('listitem').count(), { timeout: 10_000 }).toBe(3)
    expect(await toasts().allInnerTexts()).not.toContainEqual(expect.stringMatching(/New comment/))

    // A reload loads the same notifications over REST: none of them is news.
    await page.reload()
    await waitForConnection(page)
    await expect.poll(() => page.getByRole('button', { name: 'Notifications, 3 unread' }).count(), { timeout: 10_000 }).toBe(1)
    expect(await toasts().count()).toBe(0)
  })

  it('asks for desktop notifications only when the button is pressed, during its user activation', async () => {
    // Records each permission request, and whether the page had a user activation then.
    await page.addInitScript(() => {
      const requests: boolean[] = []
      const request = Notification.requestPermission.bind(Notification)
      Object.assign(window, { permissionRequests: requests })
      Notification.requestPermission = () => {
        requests.push(navigator.userActivation.isActive)
        return request()
      }
    })
    await context.grantPermissions(['notifications'])
    await openDemo()
    const requests = () => page.evaluate(() => (window as unknown as { permissionRequests: boolean[] }).permissionRequests)
    const status = page.getByTestId('desktop-status')
    // Granted already: no button, nothing asked.
    await expect.poll(() => status.innerText()).toBe('on while this tab is hidden')
    expect(await requests()).toEqual([])

    await context.clearPermissions()
    await page.reload()
    await waitForConnection(page)
    expect(await status.innerText()).toBe('off')
    await session.client.publish({ message: 'Arrived while undecided.' })
    await expect.poll(() => page.getByRole('button', { name: 'Notifications, 2 unread' }).count(), { timeout: 10_000 }).toBe(1)
    expect(await requests()).toEqual([])
    await page.getByRole('button', { name: 'Enable desktop notifications' }).click()
    await expect.poll(requests).toEqual([true])
  })
})
