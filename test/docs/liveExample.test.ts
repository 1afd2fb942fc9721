import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../e2e/browser'
import { serveStatic, type StaticServer } from '../support/staticServer'

const site = resolve(import.meta.dirname, '../../docs/.vitepress/dist')
const base = '/vue-sse-notifications/'

let server: StaticServer
let browser: Browser

beforeAll(async () => {
  if (!existsSync(site)) throw new Error('No built site in docs/.vitepress/dist: run `npm run docs:build` first')
  server = await serveStatic(site, base)
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('the live example on the built docs site', () => {
  it('runs the bell and useEventStream against the in-browser mock backend', async () => {
    const page: Page = await browser.newPage()
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.text()} (${message.location().url})`)
    })
    page.on('pageerror', (error) => problems.push(error.message))
    try {
      await page.goto(`${server.origin}${base}guide/demo.html`)
      const example = page.getByTestId('live-example')
      await example.getByRole('button', { name: 'Notifications, 3 unread' }).waitFor({ timeout: 20_000 })
      await expect.poll(() => example.getByTestId('clock-status').innerText()).toBe('open')
      const firstTick = await example.getByTestId('clock-now').innerText()
      await expect.poll(() => example.getByTestId('clock-now').innerText(), { timeout: 5000 }).not.toBe(firstTick)

      await example.getByTestId('live-message').fill('Hello from the test')
      await example.getByRole('button', { name: 'Send a notification' }).click()
      await example.getByRole('button', { name: 'Notifications, 4 unread' }).click()
      await example.getByRole('dialog').getByText('Hello from the test').waitFor()
      await page.screenshot({ path: resolve(import.meta.dirname, '../e2e/__screenshots__/docs-live-example.png') })

      await example.getByRole('button', { name: 'Mark all read' }).click()
      await example.getByRole('button', { name: 'Notifications', exact: true }).waitFor()

      // Leaving the page within the site unmounts the example: nothing of it may keep running.
      await page.getByRole('link', { name: 'Security' }).first().click()
      await page.waitForURL(/guide\/security\.html$/)
      await page.waitForTimeout(2500)
      expect(await page.getByTestId('live-example').count()).toBe(0)
      expect(problems).toEqual([])
    } finally {
      await page.close()
    }
  })
})
