import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { setUpDemoBrowser } from './browser'

/**
 * The panel's box in real Chromium on the "Bell positions" demo page, with the
 * bell at the left, centre or right of a header, at phone to desktop widths.
 */
const session = setUpDemoBrowser()

const WIDTHS = [320, 375, 768, 1280, 1920]
const POSITIONS = ['left', 'center', 'right'] as const
/** The bell's default `sheetBreakpoint`. */
const SHEET_BELOW = 480

interface Box {
  left: number
  right: number
  top: number
  bottom: number
}

interface Placement {
  panel: Box
  bell: Box
  /** The viewport without scrollbars. */
  viewport: { width: number; height: number }
}

beforeAll(async () => {
  session.running.demo.reset()
  await session.client.publish({ title: 'Build passed', message: 'main is green again after 14 minutes.', link: '/ci/builds/812' })
  await session.client.publish({ title: 'Status page', message: 'A partner reports degraded service.', link: 'https://status.example.org/' })
  await session.client.publish({
    title: 'Deploy finished',
    message: 'Version 2.3.1 is live in production; the release notes list every change since 2.3.0.',
  })
})

async function loadAt(page: Page, search: string): Promise<void> {
  await page.goto(`${session.running.url}/positions.html${search}`)
  const bell = page.getByRole('button', { name: /^Notifications/ })
  await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 10_000 }).toBe('Notifications, 3 unread')
}

async function openAt(page: Page, search: string): Promise<void> {
  await loadAt(page, search)
  await page.getByRole('button', { name: /^Notifications/ }).click()
  await page.getByRole('dialog', { name: 'Notifications' }).waitFor({ timeout: 5000 })
  await waitForPlacement(page)
}

/** The panel carries `data-placed` from its first placement on: what is measured is that first placement. */
async function waitForPlacement(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[role="dialog"]')?.hasAttribute('data-placed'))
}

function measure(page: Page): Promise<Placement> {
  return page.evaluate(() => {
    const box = (element: Element): Box => {
      const { left, right, top, bottom } = element.getBoundingClientRect()
      return { left, right, top, bottom }
    }
    return {
      panel: box(document.querySelector('[role="dialog"]')!),
      bell: box(document.querySelector('button[aria-haspopup="dialog"]')!),
      viewport: { width: document.documentElement.clientWidth, height: document.documentElement.clientHeight },
    }
  })
}

/** The panel's box and whether it can be seen, in the page. */
function sample(page: Page): Promise<Placement & { opacity: string; placed: boolean }> {
  return page.evaluate(() => {
    const panel = document.querySelector('[role="dialog"]')!
    const { left, right, top, bottom } = panel.getBoundingClientRect()
    return {
      panel: { left, right, top, bottom },
      bell: { left: 0, right: 0, top: 0, bottom: 0 },
      viewport: { width: document.documentElement.clientWidth, height: document.documentElement.clientHeight },
      opacity: getComputedStyle(panel).opacity,
      placed: panel.hasAttribute('data-placed'),
    }
  })
}

function expectInside({ panel, viewport }: Placement): void {
  expect(panel.left).toBeGreaterThanOrEqual(0)
  expect(panel.top).toBeGreaterThanOrEqual(0)
  expect(panel.right).toBeLessThanOrEqual(viewport.width)
  expect(panel.bottom).toBeLessThanOrEqual(viewport.height)
}

describe('panel placement', () => {
  describe.each(WIDTHS)('at %i px wide', (width) => {
    it.each(POSITIONS)('stays inside the viewport with the bell at the %s', async (at) => {
      const context = await session.browser.newContext({ viewport: { width, height: 720 } })
      try {
        const page = await context.newPage()
        await openAt(page, `?at=${at}`)
        const placement = await measure(page)
        expectInside(placement)
        // Below the bell, not over it.
        expect(placement.panel.top).toBeGreaterThanOrEqual(placement.bell.bottom)
        if (width < SHEET_BELOW) {
          expect(placement.panel.left).toBe(0)
          expect(placement.panel.right).toBe(placement.viewport.width)
        } else {
          expect(placement.panel.left).toBeGreaterThanOrEqual(8)
          expect(placement.viewport.width - placement.panel.right).toBeGreaterThanOrEqual(8)
          expect(Math.round(placement.panel.right - placement.panel.left)).toBe(360)
        }
      } finally {
        await context.close()
      }
    })
  })

  it.each([
    [375, 'left'],
    [1024, 'left'],
    [1280, 'right'],
  ] as const)('is never seen before it is placed, nor outside the viewport, at %i px with the bell at the %s', async (width, at) => {
    const context = await session.browser.newContext({ viewport: { width, height: 720 } })
    try {
      const page = await context.newPage()
      // The positioning code is a chunk of its own: hold it back, as a slow network would.
      let release!: () => void
      const held = new Promise<void>((resolve) => (release = resolve))
      await page.route(/\/components\/placePanel\.ts/, async (route) => {
        await held
        await route.continue()
      })
      await loadAt(page, `?at=${at}`)
      await page.getByRole('button', { name: /^Notifications/ }).focus()
      await page.keyboard.press('Enter')
      await page.getByRole('dialog', { name: 'Notifications' }).waitFor({ timeout: 5000 })
      for (let index = 0; index < 5; index++) {
        const unplaced = await sample(page)
        expect(unplaced).toMatchObject({ placed: false, opacity: '0' })
        expectInside(unplaced)
        await page.waitForTimeout(50)
      }
      // Focus went into the panel all the same.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('dialog')

      release()
      await waitForPlacement(page)
      const placed = await sample(page)
      expect(placed.opacity).toBe('1')
      expectInside(placed)
    } finally {
      await context.close()
    }
  })

  it('takes the other side when align="start" would overflow at the right of the header', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1024, height: 720 } })
    try {
      const page = await context.newPage()
      await openAt(page, '?at=right&align=start')
      const placement = await measure(page)
      expectInside(placement)
      // Lined up with the bell's right edge instead of its left one.
      expect(Math.abs(placement.panel.right - placement.bell.right)).toBeLessThan(1)
    } finally {
      await context.close()
    }
  })

  it('is placed again when the viewport shrinks and when the page scrolls', async () => {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 720 } })
    try {
      const page = await context.newPage()
      await openAt(page, '?at=center')
      const before = await measure(page)
      expectInside(before)

      await page.setViewportSize({ width: 600, height: 720 })
      await expect.poll(async () => (await measure(page)).panel.right).toBeLessThanOrEqual(600 - 8)
      expectInside(await measure(page))

      await page.mouse.move(300, 600)
      await page.mouse.wheel(0, 120)
      await expect.poll(async () => (await measure(page)).bell.bottom).toBeLessThan(before.bell.bottom)
      // The panel keeps the same gap to the bell as the header scrolls up.
      await expect
        .poll(async () => {
          const { panel, bell } = await measure(page)
          return Math.round(panel.top - bell.bottom)
        })
        .toBe(Math.round(before.panel.top - before.bell.bottom))
      await expect(page.getByRole('dialog', { name: 'Notifications' }).isVisible()).resolves.toBe(true)
    } finally {
      await context.close()
    }
  })
})
