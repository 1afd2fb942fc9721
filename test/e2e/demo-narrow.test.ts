import { describe, expect, it } from 'vitest'
import { setUpDemoBrowser, waitForConnection } from './browser'

/** The demo page on a 375 px phone screen. */
const session = setUpDemoBrowser()

interface Rect {
  left: number
  right: number
  top: number
  bottom: number
}

const overlap = (a: Rect, b: Rect): boolean =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom

describe('demo page at 375 px', () => {
  it('lays the header out without overlaps and styles the outage controls like the rest', async () => {
    session.running.demo.reset()
    const context = await session.browser.newContext({ viewport: { width: 375, height: 800 }, colorScheme: 'light' })
    try {
      const page = await context.newPage()
      await page.goto(`${session.running.url}/`)
      await waitForConnection(page)

      const header = await page.evaluate(() => {
        const rect = (selector: string) => {
          const { left, right, top, bottom } = document.querySelector(selector)!.getBoundingClientRect()
          return { left, right, top, bottom }
        }
        const sub = document.querySelector('.app-header__sub')!
        return {
          name: rect('.app-header__name'),
          sub: rect('.app-header__sub'),
          subLines: Math.round(sub.getBoundingClientRect().height / parseFloat(getComputedStyle(sub).lineHeight)),
          chip: rect('[data-testid="mode-chip"]'),
          bell: rect('button[aria-haspopup="dialog"]'),
          scrollWidth: document.documentElement.scrollWidth,
        }
      })
      const boxes = [header.name, header.sub, header.chip, header.bell]
      for (const [index, box] of boxes.entries()) {
        for (const other of boxes.slice(index + 1)) expect(overlap(box, other), JSON.stringify([box, other])).toBe(false)
      }
      expect(header.subLines).toBe(1)
      expect(header.scrollWidth).toBeLessThanOrEqual(375)

      const failures = page.getByRole('region', { name: 'Break the connection' })
      await failures.getByLabel('Outage (seconds)').fill('30')
      await failures.getByRole('button', { name: 'Simulate outage' }).click()
      const result = page.getByTestId('failure-result')
      await expect.poll(() => result.innerText()).toBe('Streams refused (503) for 30 s.')
      const colours = await page.evaluate(() => {
        const probe = (variable: string) => {
          const element = document.createElement('span')
          element.style.color = `var(${variable})`
          document.body.append(element)
          const colour = getComputedStyle(element).color
          element.remove()
          return colour
        }
        return { result: getComputedStyle(document.querySelector('[data-testid="failure-result"]')!).color, ok: probe('--ok'), warn: probe('--warn') }
      })
      expect(colours.result).toBe(colours.warn)
      expect(colours.result).not.toBe(colours.ok)

      const end = failures.getByRole('button', { name: 'End outage' })
      // Away from the buttons: a hovered button has the accent border.
      await page.mouse.move(5, 790)
      const borders = await Promise.all(
        [end, failures.getByRole('button', { name: 'Simulate outage' })].map((button) =>
          button.evaluate((element) => {
            const style = getComputedStyle(element)
            return { width: style.borderTopWidth, color: style.borderTopColor }
          }),
        ),
      )
      expect(borders[0]).toEqual(borders[1])
      expect(borders[0]!.width).toBe('1px')
      await end.click()
      await expect.poll(() => result.innerText()).toBe('Outage ended.')
    } finally {
      await context.close()
    }
  })
})
